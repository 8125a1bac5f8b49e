import { afterEach, describe, expect, it } from 'vitest';
import { ModelsResponse } from '../../shared/api.ts';
import { HOW_TO_ADD_PROVIDER, HOW_TO_ADD_SECOND_MODEL, setupGuide, setupHelp } from '../../server/setup-help.ts';
import { startTestArena, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';

describe('setup help', () => {
  it('says what to add for none, for a second model, and nothing once a battle can run', () => {
    expect(setupHelp(0)).toBe(HOW_TO_ADD_PROVIDER);
    expect(setupHelp(1)).toBe(HOW_TO_ADD_SECOND_MODEL);
    expect(setupHelp(2)).toBeNull();
    expect(setupHelp(7)).toBeNull();
    for (const help of [HOW_TO_ADD_PROVIDER, HOW_TO_ADD_SECOND_MODEL]) {
      expect(help).toMatch(/a battle needs two/);
      expect(help).toMatch(/OPENAI_API_KEY/);
      expect(help).toMatch(/ollama pull llama3\.2:3b/);
      expect(help).toMatch(/\.gguf into \.\/models/);
      expect(help).toMatch(/versus\.config\.json/);
    }
    expect(HOW_TO_ADD_SECOND_MODEL).toMatch(/^Only one model is available/);
    // Offline first runs end here: the starter download is one way out.
    expect(HOW_TO_ADD_PROVIDER).toMatch(/VERSUS_OFFLINE=1: it downloads two small starter models/);
  });
});

describe('setup guide for the page panel', () => {
  it('names the same ways as the text, with commands to copy, and only while a battle cannot run', () => {
    expect(setupGuide(2)).toBeNull();
    const none = setupGuide(0)!;
    const one = setupGuide(1)!;
    expect(none.summary).toMatch(/^No model is available yet, and a battle needs two/);
    expect(one.summary).toMatch(/^Only one model is available/);
    // The starter download only helps a machine that has nothing.
    expect(none.steps.map((s) => s.title)).toContain('Starter models');
    expect(one.steps.map((s) => s.title)).not.toContain('Starter models');
    const commands = none.steps.flatMap((s) => s.commands).join('\n');
    for (const key of [
      'OPENAI_API_KEY',
      'ANTHROPIC_API_KEY',
      'GEMINI_API_KEY',
      'MISTRAL_API_KEY',
      'ollama pull llama3.2:3b',
      '"kind": "openai"',
    ]) {
      expect(commands).toContain(key);
      expect(HOW_TO_ADD_PROVIDER).toContain(key);
    }
    // Keys and the config file are read at start; servers and files are found while Versus runs.
    expect(none.steps.filter((s) => !s.live).map((s) => s.title)).toEqual([
      'A hosted API',
      'Any OpenAI-compatible server',
      'Starter models',
    ]);
  });
});

describe('GET /api/models', () => {
  let arena: TestArena | undefined;
  afterEach(async () => {
    await arena?.close();
    arena = undefined;
  });

  /** An arena whose catalog has this many available models (an OpenAI-compatible endpoint whose key is set). */
  async function withModels(n: number): Promise<ModelsResponse> {
    arena = await startTestArena(
      {
        endpoints: [{ id: 'keyed', kind: 'openai', baseURL: 'http://127.0.0.1:9/v1', apiKeyEnv: 'VERSUS_TEST_KEY' }],
        models: Array.from({ length: n }, (_, i) => testModel(`m${i}`, 'keyed', `m${i}`)),
      },
      { env: { VERSUS_TEST_KEY: 'test-key-not-secret' } },
    );
    const res = await fetch(`${arena.server.url}/api/models`);
    expect(res.status).toBe(200);
    const body = ModelsResponse.parse(await res.json());
    expect(body.models.filter((m) => m.available)).toHaveLength(n);
    return body;
  }

  it('with no model, says how to add models', async () => {
    const body = await withModels(0);
    expect(body.setupHelp).toBe(HOW_TO_ADD_PROVIDER);
    expect(body.setupGuide).toEqual(setupGuide(0));
  });

  it('with one model, says a battle needs two and how to add a second', async () => {
    expect((await withModels(1)).setupHelp).toBe(HOW_TO_ADD_SECOND_MODEL);
  });

  it('with two models, has no help to give', async () => {
    const body = await withModels(2);
    expect(body.setupHelp).toBeNull();
    expect(body.setupGuide).toBeNull();
  });
});
