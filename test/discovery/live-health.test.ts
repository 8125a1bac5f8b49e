import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelsResponse } from '../../shared/api.ts';
import { servedModelName } from '../../server/providers/discovery/server-model-spec.ts';
import { sessionCookie } from '../helpers/battle-steps.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { waitFor } from '../hardening/helpers.ts';
import { closedPort } from '../local/file-server.ts';
import { startFakeServer, type FakeServer } from './fake-server.ts';

/**
 * Endpoint health is live: a llama.cpp-style server started after Versus
 * appears without a restart (named after its file, not its path, with the
 * context it serves), the page is told, and it disappears once stopped.
 */

let arena: TestArena;
let port: number;
let late: FakeServer | undefined;

/** What llama.cpp's server answers: the file path as the id, the trained context in `meta`, the served one in /props. */
const llamaServerRoutes = {
  '/v1/models': {
    object: 'list',
    data: [{ id: '/srv/llm/models/Qwen2.5-0.5B-Instruct-Q4_K_M.gguf', object: 'model', meta: { n_ctx_train: 32768 } }],
  },
  '/props': { default_generation_settings: { n_ctx: 4096 } },
};

beforeAll(async () => {
  port = await closedPort();
  arena = await startTestArena({
    discovery: {
      servers: [{ id: 'late', label: 'llama.cpp server', baseURL: `http://127.0.0.1:${port}/v1` }],
      timeoutMs: 300,
      reprobeSeconds: 0.3,
    },
  });
});

afterAll(async () => {
  await late?.close();
  await arena?.close();
});

async function listed() {
  const res = await fetch(`${arena.server.url}/api/models`);
  return ModelsResponse.parse(await res.json()).models;
}

describe('endpoint health', () => {
  it('finds a server started after Versus, tells the page, and drops it once stopped', async () => {
    const client = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    expect(await listed()).toEqual([]);

    late = await startFakeServer(llamaServerRoutes, port);
    const found = await waitFor(async () => (await listed()).find((m) => m.available), 'the late server to be found', 10_000);
    expect(found).toMatchObject({
      id: 'late:Qwen2.5-0.5B-Instruct-Q4_K_M',
      label: 'Qwen2.5-0.5B-Instruct-Q4_K_M',
      upstreamModel: '/srv/llm/models/Qwen2.5-0.5B-Instruct-Q4_K_M.gguf',
      // What a request must fit in: the slot's context, not the trained one.
      contextWindow: 4096,
    });
    await client.next('models-changed', () => true, 10_000);

    const seen = client.all('models-changed').length;
    await late.close();
    late = undefined;
    await waitFor(async () => !(await listed()).some((m) => m.available), 'the stopped server to go', 10_000);
    await waitFor(() => client.all('models-changed').length > seen, 'the page to be told', 10_000);
    await client.close();
  });
});

describe('served model names', () => {
  it('are the file base name for paths, and kept whole otherwise', () => {
    expect(servedModelName('/srv/models/Foo-Q4.gguf')).toBe('Foo-Q4');
    expect(servedModelName('C:\\models\\Bar.gguf')).toBe('Bar');
    expect(servedModelName('./models/baz.gguf')).toBe('baz');
    expect(servedModelName('Qwen/Qwen2.5-7B-Instruct')).toBe('Qwen/Qwen2.5-7B-Instruct');
    expect(servedModelName('llama3.2:3b')).toBe('llama3.2:3b');
  });
});
