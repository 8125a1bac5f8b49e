import { Mulberry32 } from '../../server/ratings/mulberry32.ts';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { encodeGguf, type GgufTensor, type GgufTensorType, type GgufValue } from './encode-gguf.ts';

/**
 * The words of the fixture's vocabulary. Each is one token in two spellings,
 * `▁word` (after a space, as SentencePiece writes it) and `word` (at the start
 * of a text), so a text made of these words separated by single spaces is
 * exactly one token per word. The model only ever generates `▁word` tokens,
 * so what it writes re-tokenizes to the very tokens it generated.
 */
export const TINY_LLAMA_WORDS = [
  'Once',
  'upon',
  'a',
  'time',
  'there',
  'was',
  'little',
  'girl',
  'named',
  'Lily',
  'she',
  'liked',
  'to',
  'play',
  'with',
  'her',
  'red',
  'ball',
  'in',
  'the',
  'park',
  'one',
  'day',
  'Tom',
  'had',
  'big',
  'dog',
  'and',
  'happy',
  'sun',
  'went',
  'saw',
  'tree',
  'cat',
  'said',
  'it',
] as const;

export interface TinyLlamaOptions {
  /** `llama.context_length`: the trained context, which node-llama-cpp uses as the context size. Default 512. */
  contextLength?: number;
  /** Pads the vocabulary with unused tokens up to this size; default: only the tokens the words need. */
  vocabSize?: number;
  /** Seed of the weights: same options, same bytes. */
  seed?: number;
  /** `llama.embedding_length`, a multiple of 4 (four heads). Default 64. */
  embeddingLength?: number;
  /** `llama.block_count`. Default 2. */
  blockCount?: number;
  /** Weight matrices in F16 (`general.file_type` MOSTLY_F16) instead of F32; norms stay F32 as converters do. */
  tensorType?: GgufTensorType;
  /** `tokenizer.chat_template`. Adds ChatML's `<|im_start|>` and `<|im_end|>` as control tokens. */
  chatTemplate?: string;
  /** `general.name`; none by default, so a catalog entry is labelled by its file name. */
  name?: string;
  license?: string;
}

export interface TinyLlamaGguf {
  path: string;
  sizeBytes: number;
  sha256: string;
  contextLength: number;
  vocabSize: number;
  /** Weights in all tensors. */
  parameters: number;
  bytes: Buffer;
}

/** llama.cpp's token types (llama_token_type). */
const NORMAL = 1;
const UNKNOWN = 2;
const CONTROL = 3;
const UNUSED = 5;
const BYTE = 6;
const SPACE = '\u2581';

/** Seeded, so a fixture is the same bytes on every machine. */
function prng(seed: number): () => number {
  const r = new Mulberry32(seed);
  return () => r.uniform();
}

interface Vocab {
  tokens: string[];
  scores: number[];
  types: number[];
  /** Ids the model may generate: the `▁word` tokens. */
  generable: Set<number>;
}

/**
 * A SentencePiece ("llama") vocabulary: <unk> <s> </s>, the 256 byte tokens
 * every unknown character falls back to, `▁`, and for each word every prefix
 * of both spellings. llama.cpp's SPM tokenizer only merges two pieces into
 * one when the result is itself a token, so a word becomes one token only if
 * the chain of its prefixes is in the vocabulary. `▁` pieces score higher, so
 * after a space the `▁word` chain always wins over the bare spelling.
 */
function buildVocab(chat: boolean, padTo: number | undefined): Vocab {
  const tokens: string[] = ['<unk>', '<s>', '</s>'];
  const types = [UNKNOWN, CONTROL, CONTROL];
  const scores = [0, 0, 0];
  if (chat) {
    tokens.push('<|im_start|>', '<|im_end|>');
    types.push(CONTROL, CONTROL);
    scores.push(0, 0);
  }
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(BYTE);
    scores.push(0);
  }
  const seen = new Set(tokens);
  const add = (piece: string, score: number) => {
    if (seen.has(piece)) return;
    seen.add(piece);
    tokens.push(piece);
    types.push(NORMAL);
    scores.push(score);
  };
  add(SPACE, -1);
  for (const word of TINY_LLAMA_WORDS) {
    const spaced = SPACE + word;
    for (let n = 2; n <= spaced.length; n++) add(spaced.slice(0, n), -n);
  }
  for (const word of TINY_LLAMA_WORDS) {
    for (let n = word.length === 1 ? 1 : 2; n <= word.length; n++) add(word.slice(0, n), -1000 - n);
  }
  const generable = new Set(TINY_LLAMA_WORDS.map((w) => tokens.indexOf(SPACE + w)));
  if (padTo !== undefined) {
    if (padTo < tokens.length) throw new Error(`vocabSize ${padTo} is smaller than the ${tokens.length} tokens the words need`);
    for (let i = 0; tokens.length < padTo; i++) {
      tokens.push(`<unused${i}>`);
      types.push(UNUSED);
      scores.push(0);
    }
  }
  return { tokens, scores, types, generable };
}

/**
 * A tiny llama-architecture GGUF that node-llama-cpp loads and runs: random
 * (seeded) weights, so its text is nonsense, built so that behaviour is known
 * by construction:
 * - Every token embedding has the same first component, and no layer writes
 *   to that component, so after the final norm it is always large and
 *   positive. The output row of every token except the `▁word` ones is
 *   strongly negative there: the model never generates EOS, a control token
 *   or a byte, so it always writes until its token budget or context is full.
 * - The `▁word` rows are random elsewhere, giving the sampler a real
 *   distribution: different seeds give different texts.
 */
export function tinyLlamaGguf(opts: TinyLlamaOptions = {}): Omit<TinyLlamaGguf, 'path'> {
  const nEmbd = opts.embeddingLength ?? 64;
  const nLayer = opts.blockCount ?? 2;
  const nHead = 4;
  const nFf = nEmbd * 2;
  const contextLength = opts.contextLength ?? 512;
  const matrixType = opts.tensorType ?? 'F32';
  if (nEmbd % nHead !== 0) throw new Error(`embeddingLength must be a multiple of ${nHead}`);
  const vocab = buildVocab(opts.chatTemplate !== undefined, opts.vocabSize);
  const nVocab = vocab.tokens.length;
  const random = prng(opts.seed ?? 1);
  const uniform = (scale: number) => (random() * 2 - 1) * scale;

  const tensors: GgufTensor[] = [];
  /** A [inputs, outputs] matrix; `row(o)` fills output o's weights over all inputs. */
  const matrix = (name: string, inputs: number, outputs: number, row: (o: number, i: number) => number) => {
    const data = new Float32Array(inputs * outputs);
    for (let o = 0; o < outputs; o++) for (let i = 0; i < inputs; i++) data[o * inputs + i] = row(o, i);
    tensors.push({ name, dims: [inputs, outputs], type: matrixType, data });
  };
  const ones = (name: string) => tensors.push({ name, dims: [nEmbd], type: 'F32', data: new Float32Array(nEmbd).fill(1) });

  matrix('token_embd.weight', nEmbd, nVocab, (_t, i) => (i === 0 ? 1 : uniform(0.5)));
  for (let l = 0; l < nLayer; l++) {
    const blk = `blk.${l}`;
    ones(`${blk}.attn_norm.weight`);
    matrix(`${blk}.attn_q.weight`, nEmbd, nEmbd, () => uniform(0.2));
    matrix(`${blk}.attn_k.weight`, nEmbd, nEmbd, () => uniform(0.2));
    matrix(`${blk}.attn_v.weight`, nEmbd, nEmbd, () => uniform(0.2));
    // Output 0 left at zero: the residual stream's first component stays the embedding's.
    matrix(`${blk}.attn_output.weight`, nEmbd, nEmbd, (o) => (o === 0 ? 0 : uniform(0.1)));
    ones(`${blk}.ffn_norm.weight`);
    matrix(`${blk}.ffn_gate.weight`, nEmbd, nFf, () => uniform(0.2));
    matrix(`${blk}.ffn_up.weight`, nEmbd, nFf, () => uniform(0.2));
    matrix(`${blk}.ffn_down.weight`, nFf, nEmbd, (o) => (o === 0 ? 0 : uniform(0.1)));
  }
  ones('output_norm.weight');
  matrix('output.weight', nEmbd, nVocab, (t, i) => (vocab.generable.has(t) ? (i === 0 ? 0 : uniform(0.45)) : i === 0 ? -8 : 0));

  const s = (value: string): GgufValue => ({ type: 'string', value });
  const u32 = (value: number): GgufValue => ({ type: 'u32', value });
  const metadata: Record<string, GgufValue> = {
    'general.architecture': s('llama'),
    ...(opts.name ? { 'general.name': s(opts.name) } : {}),
    ...(opts.license ? { 'general.license': s(opts.license) } : {}),
    // llama_ftype: 0 ALL_F32, 1 MOSTLY_F16.
    'general.file_type': u32(matrixType === 'F16' ? 1 : 0),
    'llama.context_length': u32(contextLength),
    'llama.embedding_length': u32(nEmbd),
    'llama.block_count': u32(nLayer),
    'llama.feed_forward_length': u32(nFf),
    'llama.attention.head_count': u32(nHead),
    'llama.attention.head_count_kv': u32(nHead),
    'llama.rope.dimension_count': u32(nEmbd / nHead),
    'llama.attention.layer_norm_rms_epsilon': { type: 'f32', value: 1e-5 },
    'tokenizer.ggml.model': s('llama'),
    'tokenizer.ggml.tokens': { type: 'array', of: 'string', values: vocab.tokens },
    'tokenizer.ggml.scores': { type: 'array', of: 'f32', values: vocab.scores },
    'tokenizer.ggml.token_type': { type: 'array', of: 'i32', values: vocab.types },
    'tokenizer.ggml.unknown_token_id': u32(0),
    'tokenizer.ggml.bos_token_id': u32(1),
    'tokenizer.ggml.eos_token_id': u32(2),
    'tokenizer.ggml.add_bos_token': { type: 'bool', value: true },
    'tokenizer.ggml.add_eos_token': { type: 'bool', value: false },
    ...(opts.chatTemplate !== undefined ? { 'tokenizer.chat_template': s(opts.chatTemplate) } : {}),
  };

  const bytes = encodeGguf(metadata, tensors);
  return {
    bytes,
    sizeBytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    contextLength,
    vocabSize: nVocab,
    parameters: tensors.reduce((n, t) => n + t.data.length, 0),
  };
}

/** Writes the fixture to `path` (creating its directory). Tests write into their own temp directory. */
export function writeTinyLlamaGguf(path: string, opts: TinyLlamaOptions = {}): TinyLlamaGguf {
  const made = tinyLlamaGguf(opts);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, made.bytes);
  return { path, ...made };
}
