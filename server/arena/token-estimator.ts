import type { Tiktoken } from 'js-tiktoken/lite';

/**
 * o200k_base token counts for providers that report no usage. A different
 * model's tokenizer gives a different count, so every figure from here is
 * flagged `estimated`. The 2 MB rank table loads on first use only.
 */
let encoder: Promise<Tiktoken> | undefined;

async function loadEncoder(): Promise<Tiktoken> {
  const [{ Tiktoken }, ranks] = await Promise.all([import('js-tiktoken/lite'), import('js-tiktoken/ranks/o200k_base')]);
  return new Tiktoken(ranks.default);
}

export async function estimateTokens(text: string): Promise<number> {
  if (text.length === 0) return 0;
  encoder ??= loadEncoder();
  return (await encoder).encode(text).length;
}
