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
    if (NO_SPACES.test(entry)) return word;
    const end = stem || !/[\p{L}\p{N}_]$/u.test(entry) ? '' : `(?!${WORD_CHAR})`;
    const start = /^[\p{L}\p{N}_]/u.test(entry) ? `(?<!${WORD_CHAR})` : '';
    return `${start}${word}${end}`;
  });
  return new RegExp(`(?:${alternatives.join('|')})`, 'giu');
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
