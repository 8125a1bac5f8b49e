import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalAdapter } from '../../server/providers/local/local-adapter.ts';
import { getLlamaRuntime } from '../../server/providers/local/llama-runtime.ts';
import { PLAIN_TEXT_COMPLETION } from '../../server/providers/local/local-model-spec.ts';
import { LocalModelPool } from '../../server/providers/local/model-pool.ts';
import { scanLocalModels } from '../../server/providers/local/scan-models.ts';
import { CHATML_TEMPLATE } from '../helpers/chatml-template.ts';
import { writeTinyLlamaGguf } from '../helpers/write-tiny-llama-gguf.ts';
import { collect } from './collect-stream.ts';

let dir: string;
let chatModel: string;
let plainModel: string;
const pool = new LocalModelPool({ llama: () => getLlamaRuntime() });
const adapter = createLocalAdapter(undefined, { pool });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'versus-chat-'));
  // One model with a chat template (and the control tokens it uses), one without.
  chatModel = writeTinyLlamaGguf(join(dir, 'tiny-chatml.gguf'), { chatTemplate: CHATML_TEMPLATE, license: 'MIT' }).path;
  plainModel = writeTinyLlamaGguf(join(dir, 'tiny-plain.gguf')).path;
});

afterAll(async () => {
  await pool.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('chat template from the GGUF', () => {
  it('is detected by the scan and said in the catalog entry; the plain file says plain text completion', async () => {
    const { models, problems } = await scanLocalModels([dir]);
    expect(problems).toEqual([]);
    const chat = models.find((m) => m.upstreamModel === chatModel)!;
    const plain = models.find((m) => m.upstreamModel === plainModel)!;
    expect(chat.details['chat template']).toMatch(/^yes/);
    expect(chat.license).toBe('MIT');
    expect(plain.details['chat template']).toBe(PLAIN_TEXT_COMPLETION);
  });

  it('formats the conversation with it: the system and user turns cost template tokens', async () => {
    const messages = [
      { role: 'system' as const, content: 'You tell stories.' },
      { role: 'user' as const, content: 'Tell me about Lily.' },
    ];
    const chat = await collect(
      adapter.stream({ model: chatModel, messages, sampling: { maxTokens: 30, seed: 1 } }, { signal: new AbortController().signal }),
    );
    const plain = await collect(
      adapter.stream({ model: plainModel, messages, sampling: { maxTokens: 30, seed: 1 } }, { signal: new AbortController().signal }),
    );
    expect(chat.end?.type).toBe('finish');
    expect(plain.end?.type).toBe('finish');
    if (chat.end?.type !== 'finish' || plain.end?.type !== 'finish') return;
    expect((await pool.model(chatModel)).chatWrapper).not.toBeNull();
    expect((await pool.model(plainModel)).chatWrapper).toBeNull();
    // Five <|im_start|>/<|im_end|> markers, newlines, and the role names "system", "user", "assistant",
    // which this vocabulary spells byte by byte (19 bytes): far more than the bare text.
    expect(chat.end.usage.inputTokens!).toBeGreaterThan(plain.end.usage.inputTokens! + 20);
    expect(chat.end.usage.outputTokens).toBe(30);
    expect(chat.text.length).toBeGreaterThan(0);
  });
});
