import { approximateTokens } from './approximate-tokens.ts';
import { detectLanguage } from './detect-language.ts';
import { looksLikeCoding } from './looks-like-coding.ts';
import { looksLikeCreativeWriting } from './looks-like-creative-writing.ts';
import { looksLikeMath } from './looks-like-math.ts';
import { proseText } from './prose-text.ts';
import { userTags } from './user-tags.ts';

/**
 * Version of every rule in server/categories. Stored with each battle's
 * categories; when it changes, stored battles are classified again (see
 * docs/categories-and-control.md). Bump it with any change that can move a
 * prompt in or out of a category, a language or a tag.
 */
export const CLASSIFIER_VERSION = 1;

/** The categories classifyPrompt can give, in the order it lists them. */
export const CATEGORIES = ['coding', 'math', 'creative-writing', 'long-prompt', 'multi-turn'] as const;
export type Category = (typeof CATEGORIES)[number];

/** A prompt is long from this many (approximate) tokens in one turn: LMArena's "longer query" threshold. */
export const LONG_PROMPT_TOKENS = 500;

export interface PromptClassification {
  categories: Category[];
  /** ISO 639-1 (else 639-3) code of the prose, or null (detect-language.ts). */
  language: string | null;
  /** User tags, lower-case, in order of first use (user-tags.ts). */
  tags: string[];
}

/**
 * The categories of a battle's prompt, from the user's turns in order.
 * Deterministic and pure: the same turns give the same answer on every
 * machine, for a given CLASSIFIER_VERSION.
 *
 * - coding, math, creative-writing: any turn looks like it
 *   (looks-like-coding.ts on the whole turn; looks-like-math.ts and
 *   looks-like-creative-writing.ts on its prose, prose-text.ts, since code is
 *   full of `i + 1 < n` and "write" without being maths or a story);
 *   a battle can be in several ("write a poem in Python" is both);
 * - long-prompt: one turn of at least LONG_PROMPT_TOKENS approximate tokens
 *   (approximate-tokens.ts) — one long prompt, not a long conversation;
 * - multi-turn: two or more non-empty turns;
 * - language: of all turns' prose together (detect-language.ts);
 * - tags: `#tag` in any turn's prose (user-tags.ts).
 */
export function classifyPrompt(turns: readonly string[]): PromptClassification {
  const said = turns.filter((t) => t.trim().length > 0);
  const found = new Set<Category>();
  for (const turn of said) {
    if (looksLikeCoding(turn)) found.add('coding');
    const prose = proseText(turn);
    if (looksLikeMath(prose)) found.add('math');
    if (looksLikeCreativeWriting(prose)) found.add('creative-writing');
    if (approximateTokens(turn) >= LONG_PROMPT_TOKENS) found.add('long-prompt');
  }
  if (said.length >= 2) found.add('multi-turn');
  return {
    categories: CATEGORIES.filter((c) => found.has(c)),
    language: detectLanguage(said.join('\n\n')),
    tags: userTags(said),
  };
}
