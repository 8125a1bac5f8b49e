/**
 * A case-insensitive pattern for words of several languages at once, from a
 * list of entries separated by commas or newlines.
 *
 * Alphabetic entries must start at a word start (no letter of an
 * alphabetic script, digit or `_` before, see WORD_CHAR); an entry ending in `*` is a stem and may go on ("poem*" matches
 * poems, poetry is not matched as it does not start with "poem"), any other
 * entry must end at a word end. Entries in scripts written without spaces
 * (Han, kana, Hangul) match anywhere. Regex metacharacters in entries are
 * taken literally ("c++", "c#", "node.js").
 */
export function wordPattern(list: string): RegExp {
  const entries = list
    .split(/[,\n]/)
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
  const alternatives = entries.map((entry) => {
    const stem = entry.endsWith('*');
    const word = escape(stem ? entry.slice(0, -1) : entry);
    if (NO_SPACES.test(entry)) return { start: '', word, end: '' };
    const end = stem || !/[\p{L}\p{N}_]$/u.test(entry) ? '' : `(?!${WORD_CHAR})`;
    const start = /^[\p{L}\p{N}_]/u.test(entry) ? `(?<!${WORD_CHAR})` : '';
    return { start, word, end };
  });
  // Neighbours with the same assertion share it: `S(?:a|b)` tries what `Sa|Sb` tries, in the same order, and
  // `(?:aE|bE)` what `(?:a|b)E` does, so the pattern matches the same text; each copy of WORD_CHAR's Unicode classes
  // is compiled on its own: one copy per entry made the first two classifications after a start take 153 and
  // 128 ms on the event loop (each pattern is compiled at its first use and again at its second), 22 and 16 ms
  // now. Neighbours sharing a start are grouped first, then those sharing an end.
  return new RegExp(
    `(?:${runs(
      alternatives,
      (a) => a.start,
      (start, within) =>
        `${start}(?:${runs(
          within,
          (a) => a.end,
          (end, same) => `(?:${same.map((a) => a.word).join('|')})${end}`,
        ).join('|')})`,
    ).join('|')})`,
    'giu',
  );
}

/** Consecutive items with the same key, each run written by `write` with its key. */
function runs<T>(items: readonly T[], key: (item: T) => string, write: (key: string, run: T[]) => string): string[] {
  const out: { key: string; run: T[] }[] = [];
  for (const item of items) {
    const last = out[out.length - 1];
    if (last && last.key === key(item)) last.run.push(item);
    else out.push({ key: key(item), run: [item] });
  }
  return out.map((r) => write(r.key, r.run));
}

/** Distinct matches of a wordPattern in text (lower-cased), to count different signals rather than repeats. */
export function distinctMatches(pattern: RegExp, text: string): Set<string> {
  const found = new Set<string>();
  for (const m of text.matchAll(pattern)) found.add(m[0].toLowerCase());
  return found;
}

/**
 * What continues a word: letters of alphabetic scripts, digits and `_`. Han,
 * kana and Hangul are left out, so "Pythonで" or "用Python写" still contain
 * the word Python.
 */
const WORD_CHAR = String.raw`[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{N}_]`;
const NO_SPACES = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
