import type { Pricing } from './catalog.ts';

/** A mix of input to output tokens, in parts: 3:1 is { input: 3, output: 1 }. */
export interface TokenMix {
  input: number;
  output: number;
}

export const MIX_3_TO_1: TokenMix = { input: 3, output: 1 };
export const MIX_1_TO_1: TokenMix = { input: 1, output: 1 };

type Prices = Pick<Pricing, 'inputPerMTok' | 'outputPerMTok'>;

/** Price per million tokens at a mix: (in × input price + out × output price) / (in + out). Null when a price is unknown or the mix is empty. */
export function mixedPricePerMTok(p: Prices, mix: TokenMix): number | null {
  if (p.inputPerMTok === null || p.outputPerMTok === null) return null;
  const total = mix.input + mix.output;
  if (!(total > 0) || mix.input < 0 || mix.output < 0) return null;
  return (mix.input * p.inputPerMTok + mix.output * p.outputPerMTok) / total;
}

/** A month of `tokensPerMonth` tokens (input and output together) at a mix. */
export function monthlyCostAtMix(p: Prices, mix: TokenMix, tokensPerMonth: number): number | null {
  const per = mixedPricePerMTok(p, mix);
  return per === null || !(tokensPerMonth >= 0) ? null : (per * tokensPerMonth) / 1e6;
}

/** "3:1", "2.5 : 1", "1:4" → a mix; anything else (negative, both zero, not numbers) → null. */
export function parseMix(text: string): TokenMix | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!m) return null;
  const mix = { input: Number(m[1]), output: Number(m[2]) };
  return mix.input + mix.output > 0 ? mix : null;
}

/** "3:1", "1:1", "2.4:1": the output side scaled to 1 (or the input side, when output is larger), two significant figures. */
export function formatMix(mix: TokenMix): string {
  const sig = (x: number) => Number(x.toPrecision(2)).toString();
  if (mix.output === 0) return `${sig(mix.input)}:0`;
  if (mix.input === 0) return `0:${sig(mix.output)}`;
  return mix.input >= mix.output ? `${sig(mix.input / mix.output)}:1` : `1:${sig(mix.output / mix.input)}`;
}
