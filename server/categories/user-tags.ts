import { proseText } from './prose-text.ts';

/** At most this many tags per battle (the first ones written, in order). */
export const MAX_TAGS = 8;
/** Longest tag kept, in characters; a longer run after # is not a tag. */
export const MAX_TAG_LENGTH = 32;

/**
 * User tags: `#word` in the prose of any turn lets a team file its battles
 * under its own kinds of work (#sql, #support-de, #übersetzung).
 *
 * A tag is `#` at the start of the text or after a character that is not a
 * letter, digit, `_`, `&` or `#` (so "C#", "F#", "issue#12", "&#39;" and "##"
 * are not tags), then a letter, then letters, digits, `_` or `-`, up to
 * MAX_TAG_LENGTH characters in all, ending where that charset ends. It is
 * stored NFKC-normalised and lower-cased (locale-independent), trailing `-`
 * and `_` trimmed. Not tags:
 * - anything inside code, inline code or a URL (prose-text.ts): `#include`
 *   in a pasted file, `#fff` in CSS, `/page#section`;
 * - C preprocessor and region words (#include, #define, #ifdef, #pragma,
 *   #region, …), which also occur in code pasted without a fence;
 * - hex colours: 3, 4, 6 or 8 hex digits (#fff, #c0ffee, #bada55) — rarely
 *   meant as tags, often pasted from design tools;
 * - a run longer than MAX_TAG_LENGTH (a hash of something, not a tag).
 * Duplicates count once; at most MAX_TAGS are kept, in order of first use.
 */
export function userTags(turns: readonly string[]): string[] {
  const tags: string[] = [];
  for (const turn of turns) {
    for (const match of proseText(turn).normalize('NFKC').matchAll(TAG)) {
      const raw = match[2]!;
      if (raw.length > MAX_TAG_LENGTH) continue;
      const tag = raw.toLowerCase().replace(/[-_]+$/u, '');
      if (NOT_TAGS.has(tag) || HEX_COLOUR.test(tag)) continue;
      if (!tags.includes(tag)) tags.push(tag);
      if (tags.length === MAX_TAGS) return tags;
    }
  }
  return tags;
}

const TAG = /(^|[^\p{L}\p{N}_&#])#(\p{L}[\p{L}\p{N}_-]*)/gu;
const HEX_COLOUR = /^(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/;
const NOT_TAGS = new Set([
  'include',
  'define',
  'undef',
  'if',
  'ifdef',
  'ifndef',
  'elif',
  'else',
  'endif',
  'error',
  'warning',
  'pragma',
  'line',
  'import',
  'region',
  'endregion',
  'using',
]);
