import { describe, expect, it } from 'vitest';
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { estimateTokens } from '../../server/arena/token-estimator.ts';
import { Mulberry32 } from '../../server/ratings/mulberry32.ts';

const reference = new Tiktoken(o200k);

/** Pieces of every kind the pre-tokenizer tells apart: words and contractions, cases, digits, CJK, marks, emoji, punctuation, whitespace runs and line ends. */
const PARTS = [
  'the',
  ' the',
  'The',
  ' THE',
  "don't",
  " it's",
  "WE'LL",
  ' naïve',
  ' café',
  'Straße',
  ' über',
  '日本語の文章',
  '。',
  '中文',
  ' 한국어',
  'ا لعربية',
  ' עברית',
  '🙂',
  ' 👩‍💻',
  '123',
  '4567890',
  ' 3.14',
  '$',
  ' $100',
  '\n',
  '\r\n',
  '\n\n',
  '  ',
  '   ',
  '\t',
  ' \n ',
  '```ts',
  '{',
  '}',
  ' => ',
  '();',
  '//',
  ' <b>',
  '</b>',
  '&amp;',
  ' "quoted"',
  "'single'",
  ' x',
  'y',
  ' e\u0301',
  '--',
  '...',
  '…',
  '·',
];

function randomText(rng: Mulberry32, parts: number): string {
  let s = '';
  for (let i = 0; i < parts; i++) s += PARTS[Math.floor(rng.uniform() * PARTS.length)]!;
  return s;
}

describe('estimateTokens (o200k, counted a pre-token piece at a time with a cache)', () => {
  it('gives exactly js-tiktoken’s count on mixed text, first from an empty cache and again from a warm one', async () => {
    const rng = new Mulberry32(7);
    const texts = Array.from({ length: 300 }, (_, i) => randomText(rng, 1 + (i % 40)));
    for (const pass of [0, 1]) {
      for (const t of texts) expect([pass, t, await estimateTokens(t)]).toEqual([pass, t, reference.encode(t).length]);
    }
  });

  it('counts a text that spells a special token as the text it is, where js-tiktoken refuses it', async () => {
    const text = 'the model wrote <|endoftext|> and went on';
    expect(() => reference.encode(text)).toThrow(/special token/);
    // Its pieces, as the pre-tokenizer splits it: ' <|', 'endoftext' and '|>' are ordinary text.
    const asText = ['the model wrote <|', 'endoftext', '|> and went on'].reduce((n, t) => n + reference.encode(t).length, 0);
    expect(await estimateTokens(text)).toBe(asText);
    expect(asText).toBeGreaterThan(reference.encode(text, 'all').length);
  });
});
