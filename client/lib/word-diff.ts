import { diffWords } from 'diff';

/** One run of an answer's text, and whether the other answer lacks it. */
export interface DiffPart {
  text: string;
  changed: boolean;
}

export interface WordDiff {
  a: DiffPart[];
  b: DiffPart[];
}

/** Past this a diff of two long, unlike answers is abandoned rather than freezing the page. */
const TIMEOUT_MS = 1000;

/**
 * Word by word (jsdiff's diffWords: whitespace is not a difference): each
 * answer as runs, with the words the other answer does not have marked.
 * Null when the two are too unlike to compare in time.
 */
export function wordDiff(a: string, b: string): WordDiff | null {
  const changes = diffWords(a, b, { timeout: TIMEOUT_MS });
  if (!changes) return null;
  const out: WordDiff = { a: [], b: [] };
  for (const c of changes) {
    if (!c.added) out.a.push({ text: c.value, changed: c.removed });
    if (!c.removed) out.b.push({ text: c.value, changed: c.added });
  }
  return out;
}
