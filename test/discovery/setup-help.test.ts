import { afterEach, describe, expect, it } from 'vitest';
import { ModelsResponse } from '../../shared/api.ts';
import { HOW_TO_ADD_PROVIDER, HOW_TO_ADD_SECOND_MODEL, setupHelp } from '../../server/setup-help.ts';
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
    expect((await withModels(0)).setupHelp).toBe(HOW_TO_ADD_PROVIDER);
  });

  it('with one model, says a battle needs two and how to add a second', async () => {
    expect((await withModels(1)).setupHelp).toBe(HOW_TO_ADD_SECOND_MODEL);
  });

  it('with two models, has no help to give', async () => {
    expect((await withModels(2)).setupHelp).toBeNull();
  });
});
