import { Mulberry32, deriveSeed } from '../ratings/mulberry32.ts';
import type { PromptLengths } from '../../shared/benchmark.ts';

/** Common words that are each one o200k token with their leading space, so a prompt's length is known without counting. */
const WORDS = (
  'time year people way day man thing woman life child world school state family student group country problem hand part ' +
  'place case week company system program question work government number night point home water room mother area money ' +
  'story fact month lot right study book eye job word business issue side kind head house service friend father power hour ' +
  'game line end member law car city community name president team minute idea kid body information back parent face others ' +
  'level office door health person art war history party result change morning reason research girl guy moment air teacher'
).split(' ');

/** The instruction's own length in o200k tokens, about: it is counted into the prompt's length. */
export const HEADER_TOKENS = 24;

export interface BenchmarkPrompt {
  text: string;
  /** Its length as planned (o200k tokens, within a few of the real count). */
  tokens: number;
}

/**
 * The `index`-th prompt of a run: its length drawn from `lengths` by a seeded
 * generator, its words too, and its number first so no two prompts share a
 * prefix a server could cache (which would flatter time to first token).
 */
export function benchmarkPrompt(lengths: PromptLengths, outputTokens: number, index: number): BenchmarkPrompt {
  const rng = new Mulberry32(deriveSeed(lengths.seed, index));
  const tokens = lengths.minTokens + Math.floor(rng.uniform() * (lengths.maxTokens - lengths.minTokens + 1));
  const header = `Request ${index}. Write at least ${outputTokens} words of plain prose using these words, and do not stop early:`;
  const words: string[] = [];
  for (let i = HEADER_TOKENS; i < tokens; i++) words.push(WORDS[Math.floor(rng.uniform() * WORDS.length)]!);
  return { text: words.length > 0 ? `${header} ${words.join(' ')}` : header, tokens: Math.max(tokens, HEADER_TOKENS) };
}
