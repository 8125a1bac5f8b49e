import { arrayWith } from '../helpers/match.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LlamaCompletion, readGgufFileInfo, type LlamaModel } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getLlamaRuntime } from '../../server/providers/local/llama-runtime.ts';
import { CHATML_TEMPLATE } from '../helpers/chatml-template.ts';
import { TINY_LLAMA_WORDS, tinyLlamaGguf, writeTinyLlamaGguf, type TinyLlamaGguf } from '../helpers/write-tiny-llama-gguf.ts';

/**
 * The suite's own model fixture: every test that runs a GGUF relies on these
 * properties, so they are checked here against llama.cpp itself.
 */

let dir: string;
let plain: TinyLlamaGguf;
let chat: TinyLlamaGguf;
const models: LlamaModel[] = [];

async function load(path: string): Promise<LlamaModel> {
  const model = await (await getLlamaRuntime()).loadModel({ modelPath: path });
  models.push(model);
  return model;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'versus-tiny-llama-'));
  plain = writeTinyLlamaGguf(join(dir, 'plain.gguf'), { contextLength: 1024, vocabSize: 512 });
  chat = writeTinyLlamaGguf(join(dir, 'chat.gguf'), { chatTemplate: CHATML_TEMPLATE, seed: 9 });
});

afterAll(async () => {
  for (const m of models) await m.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('the generated tiny llama GGUF', () => {
  it('is small, and the same bytes for the same options on every run', () => {
    expect(plain.sizeBytes).toBeLessThan(1_000_000);
    expect(readFileSync(plain.path).length).toBe(plain.sizeBytes);
    expect(tinyLlamaGguf({ contextLength: 1024, vocabSize: 512 }).sha256).toBe(plain.sha256);
    expect(tinyLlamaGguf({ contextLength: 1024, vocabSize: 512, seed: 2 }).sha256).not.toBe(plain.sha256);
    expect(() => tinyLlamaGguf({ vocabSize: 10 })).toThrow(/smaller than the \d+ tokens the words need/);
  });

  it('carries the llama metadata and tokenizer node-llama-cpp reads', async () => {
    const info = await readGgufFileInfo(plain.path, { logWarnings: false });
    expect(info.version).toBe(3);
    expect(info.metadata.general.architecture).toBe('llama');
    expect(info.architectureMetadata).toMatchObject({ context_length: 1024, embedding_length: 64, block_count: 2 });
    expect(info.metadata.tokenizer.ggml.model).toBe('llama');
    expect(info.metadata.tokenizer.ggml.tokens).toHaveLength(512);
    expect(info.fullTensorInfo?.map((t) => t.name)).toEqual(arrayWith(['token_embd.weight', 'output.weight', 'blk.1.ffn_down.weight']));
  });

  it('loads in llama.cpp with its context size, and tokenizes each word as one token and back', async () => {
    const model = await load(plain.path);
    expect(model.trainContextSize).toBe(1024);
    const context = await model.createContext({ threads: 1 });
    try {
      expect(context.contextSize).toBe(1024);
    } finally {
      await context.dispose();
    }
    const sentence = TINY_LLAMA_WORDS.join(' ');
    const tokens = model.tokenize(sentence);
    expect(tokens).toHaveLength(TINY_LLAMA_WORDS.length);
    expect(model.detokenize(tokens)).toBe(sentence);
    expect(model.tokenize('Once upon a time', false, 'trimLeadingSpace')).toHaveLength(4);
    // A character outside the vocabulary falls back to its UTF-8 bytes.
    expect(model.tokenize('é', false, 'trimLeadingSpace')).toHaveLength(2);
  });

  it('generates until its budget: never an end-of-sequence token, only whole words', async () => {
    const model = await load(plain.path);
    const context = await model.createContext({ threads: 1, contextSize: 256 });
    try {
      const completion = new LlamaCompletion({ contextSequence: context.getSequence() });
      const r = await completion.generateCompletionWithMeta('Once upon a time', { maxTokens: 120, seed: 5, temperature: 1 });
      expect(r.metadata.stopReason).toBe('maxTokens');
      const words = r.response.trim().split(' ');
      expect(words).toHaveLength(120);
      expect(words.every((w) => (TINY_LLAMA_WORDS as readonly string[]).includes(w))).toBe(true);
    } finally {
      await context.dispose();
    }
  });

  it('with a chat template, has ChatML control tokens and the template in its metadata', async () => {
    const model = await load(chat.path);
    expect(model.fileInfo.metadata.tokenizer.chat_template).toBe(CHATML_TEMPLATE);
    expect(model.tokenize('<|im_start|>user', true, 'trimLeadingSpace')).toHaveLength(1 + 'user'.length);
    expect(model.tokenize('<|im_end|>', true)).toHaveLength(1);
  });
});
