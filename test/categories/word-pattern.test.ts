import { describe, expect, it } from 'vitest';
import { Mulberry32 } from '../../server/ratings/mulberry32.ts';
import { distinctMatches, wordPattern } from '../../server/categories/word-pattern.ts';
import { HELD_OUT_PROMPTS } from './held-out-prompts.ts';
import { LABELLED_PROMPTS } from './labelled-prompts.ts';

/**
 * The pattern as first written: each entry an alternative with its own
 * assertions. wordPattern shares the assertions of neighbouring entries; the
 * two must find the same matches, at the same places, for any list and text.
 */
function oneAlternativePerEntry(list: string): RegExp {
  const W = String.raw`[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{N}_]`;
  const alternatives = list
    .split(/[,\n]/)
    .map((e) => e.trim())
    .filter((e) => e.length > 0)
    .map((entry) => {
      const stem = entry.endsWith('*');
      const word = (stem ? entry.slice(0, -1) : entry).replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
      if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(entry)) return word;
      const end = stem || !/[\p{L}\p{N}_]$/u.test(entry) ? '' : `(?!${W})`;
      const start = /^[\p{L}\p{N}_]/u.test(entry) ? `(?<!${W})` : '';
      return `${start}${word}${end}`;
    });
  return new RegExp(`(?:${alternatives.join('|')})`, 'giu');
}

const matches = (re: RegExp, text: string) => [...text.matchAll(re)].map((m) => `${m.index}:${m[0]}`);

// Entries that are prefixes of one another, stems beside words, entries ending or starting in punctuation, and
// scripts without spaces: where the order in which alternatives are tried decides what matches.
const VOCABULARY = [
  'poem',
  'poem*',
  'poet',
  'po',
  'poetry',
  'c++',
  'c#',
  'c',
  'node.js',
  '.net',
  'sql',
  'sq*',
  '#tag',
  'Ωμέγα',
  'кот*',
  '函数',
  '関数',
  '함수',
  'x2',
  '2x',
  '_id',
  'id*',
];
const FILLERS = [' ', '', '.', ',', '_', 'é', 'a', '1', '-', '\n', 'λ', 'ж', '用', '(', '#'];

describe('wordPattern shares the assertions of neighbouring entries without changing what matches', () => {
  it('finds what one alternative per entry finds, on random lists and texts (seeded)', () => {
    const rng = new Mulberry32(20261128);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng.uniform() * xs.length)]!;
    for (let round = 0; round < 300; round++) {
      const list = Array.from({ length: 2 + Math.floor(rng.uniform() * 12) }, () => pick(VOCABULARY)).join(
        rng.uniform() < 0.5 ? ',' : '\n',
      );
      const text = Array.from({ length: 30 }, () =>
        rng.uniform() < 0.5 ? pick(VOCABULARY).replace('*', pick(['s', 'ry', ''])) : pick(FILLERS),
      ).join('');
      expect(matches(wordPattern(list), text), `list ${JSON.stringify(list)}, text ${JSON.stringify(text)}`).toEqual(
        matches(oneAlternativePerEntry(list), text),
      );
    }
  });

  it('finds the same on every labelled and held-out prompt, for a list like the classifiers’ own', () => {
    const list =
      'function*, def, class, import, python, javascript, c++, c#, sql, regex*, 函数, 関数, 함수, bug*, compile*, node.js, .net, api, json, html, css, poem*, story, stories, haiku, lyric*, equation*, integral*, prove, proof*, x², sum';
    for (const p of [...LABELLED_PROMPTS, ...HELD_OUT_PROMPTS]) {
      for (const text of p.turns) expect(matches(wordPattern(list), text)).toEqual(matches(oneAlternativePerEntry(list), text));
    }
    expect(distinctMatches(wordPattern(list), 'Write a Poem in Python: poems, POETRY, c++ and C#')).toEqual(
      new Set(['poem', 'python', 'c++', 'c#']),
    );
  });
});
