import type { Tiktoken } from 'js-tiktoken/lite';
import { LIMITS } from '../../shared/protocol.ts';

interface Encoder {
  tiktoken: Tiktoken;
  /** o200k's pre-tokenizer: BPE runs within each of its matches, so a text's count is the sum of its pieces' counts. */
  pieces: RegExp;
}

let encoder: Promise<Encoder> | undefined;

async function loadEncoder(): Promise<Encoder> {
  const [{ Tiktoken }, ranks] = await Promise.all([import('js-tiktoken/lite'), import('js-tiktoken/ranks/o200k_base')]);
  return { tiktoken: new Tiktoken(ranks.default), pieces: new RegExp(ranks.default.pat_str, 'gu') };
}

/**
 * Tokens per pre-token piece. Answers repeat their words, and js-tiktoken turns every piece into bytes (a
 * TextEncoder call) and a string key before it looks it up: at 500 streaming battles that was a quarter of the
 * server's CPU. Bounded: emptied when full.
 */
const pieceTokens = new Map<string, number>();
const PIECE_CACHE = 65_536;

function countPieces(enc: Encoder, text: string): number {
  let count = 0;
  for (const [piece] of text.matchAll(enc.pieces)) {
    let n = pieceTokens.get(piece);
    if (n === undefined) {
      n = enc.tiktoken.encode(piece).length;
      if (pieceTokens.size >= PIECE_CACHE) pieceTokens.clear();
      pieceTokens.set(piece, n);
    }
    count += n;
  }
  return count;
}

/**
 * js-tiktoken's merge loop grows much faster than linearly with the length of
 * one pre-token: 16,000 letters without a space took 20 s of blocked event
 * loop (and CJK prose has no spaces at all), and any client can send such a
 * prompt. So a run of more than LONG_RUN characters without (or of only)
 * whitespace is counted in pieces of PIECE characters; a token is rarely
 * longer, so the count moves by about a token per piece at most.
 */
const LONG_RUN = /\S{65,}|\s{65,}/g;
const PIECE = 24;
/**
 * Past this many characters the count is extrapolated from this prefix: one
 * estimate costs at most what a prompt at the length limit costs (~0.1–0.3 s
 * for the worst text on this project's 2-core test machine).
 */
const EXACT_CHARS = LIMITS.promptChars;

/**
 * o200k_base token counts for providers that report no usage. A different
 * model's tokenizer gives a different count, so every figure from here is
 * flagged `estimated`. The 2 MB rank table loads on first use only.
 */
export async function estimateTokens(text: string): Promise<number> {
  if (text.length === 0) return 0;
  encoder ??= loadEncoder();
  const enc = await encoder;
  const head = text.length > EXACT_CHARS ? text.slice(0, EXACT_CHARS) : text;
  let count = 0;
  let from = 0;
  for (const run of head.matchAll(LONG_RUN)) {
    if (run.index > from) count += countPieces(enc, head.slice(from, run.index));
    for (let i = 0; i < run[0].length; i += PIECE) count += countPieces(enc, run[0].slice(i, i + PIECE));
    from = run.index + run[0].length;
  }
  if (from < head.length) count += countPieces(enc, head.slice(from));
  return head === text ? count : Math.round((count * text.length) / head.length);
}
