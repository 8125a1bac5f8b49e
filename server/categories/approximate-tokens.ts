/**
 * A tokenizer-free token count, for the "long prompt" category: it must be
 * pure, synchronous and the same on every machine, and no one model's
 * tokenizer is the right one for a battle between two models.
 *
 *   tokens ≈ 0.85 · (Han, kana and Hangul characters) + (all other characters, spaces included) / 4.5
 *
 * Measured against o200k_base (the estimator the arena uses elsewhere) on
 * one sentence of prose: English 5.5 characters a token, German 4.8,
 * French 4.6, Russian 4.9; Japanese 1.0 and Chinese 1.4 CJK characters a
 * token. So ordinary prose comes out within about 25% either way
 * (test/categories/approximate-tokens.test.ts holds it to 30%). Code is
 * denser (2.7 characters a token for a small JavaScript function), so long
 * pasted code is undercounted by up to about 40%: the category errs towards
 * "not long". Code points, not UTF-16 units, are counted.
 */
export function approximateTokens(text: string): number {
  let cjk = 0;
  let other = 0;
  for (const ch of text) {
    if (CJK.test(ch)) cjk++;
    else other++;
  }
  return 0.85 * cjk + other / 4.5;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
