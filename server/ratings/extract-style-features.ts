/** What style control counts in one answer (extract-style-features.ts). */
export interface StyleFeatures {
  /** Characters (code points) of the whole answer, code included. */
  length: number;
  /** Markdown ATX headers, `#` to `######` then a space, outside fenced code. */
  headers: number;
  /** List items, ordered (`1. `) or not (`- `, `* `, `+ `), outside fenced code. */
  listItems: number;
  /** Bold spans, `**…**` or `__…__` on one line, outside fenced code. */
  bold: number;
}

/**
 * The style of one answer, counted as LMArena's style control counts it
 * (FastChat's count_markdown_elements, with fenced code removed first):
 *   headers    ^#{1,6}\s              (multiline)
 *   list items ^\s*\d+\.\s  and  ^\s*[-*+]\s
 *   bold       \*\*[^*\n]+\*\*  and  __[^_\n]+__
 * Length is counted in characters rather than LMArena's tokens: a battle
 * is between two models with two tokenizers, and characters need none;
 * style covariates are ratios of the two answers (style-covariates.ts), in
 * which the unit cancels. For a multi-turn battle, add the features of a
 * side's answers (addStyleFeatures), as LMArena sums over the conversation.
 */
export function extractStyleFeatures(markdownText: string): StyleFeatures {
  const prose = withoutFencedCode(markdownText);
  return {
    length: codePoints(markdownText),
    headers: count(prose, HEADER),
    listItems: count(prose, ORDERED) + count(prose, UNORDERED),
    bold: count(prose, BOLD_STARS) + count(prose, BOLD_UNDERSCORES),
  };
}

export function addStyleFeatures(x: StyleFeatures, y: StyleFeatures): StyleFeatures {
  return { length: x.length + y.length, headers: x.headers + y.headers, listItems: x.listItems + y.listItems, bold: x.bold + y.bold };
}

const HEADER = /^#{1,6}\s/gm;
const ORDERED = /^\s*\d+\.\s/gm;
const UNORDERED = /^\s*[-*+]\s/gm;
const BOLD_STARS = /\*\*[^*\n]+\*\*/g;
const BOLD_UNDERSCORES = /__[^_\n]+__/g;

function count(text: string, pattern: RegExp): number {
  let total = 0;
  for (const _ of text.matchAll(pattern)) total++;
  return total;
}

function codePoints(text: string): number {
  let total = 0;
  for (const _ of text) total++;
  return total;
}

/** Drops ``` / ~~~ fenced blocks (an unclosed fence runs to the end, as Markdown renders it). */
function withoutFencedCode(text: string): string {
  const kept: string[] = [];
  let fence: string | null = null;
  for (const line of text.split('\n')) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === null) {
      if (marker === undefined) kept.push(line);
      else fence = marker;
    } else if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) {
      fence = null;
    }
  }
  return kept.join('\n');
}
