import { afterEach, describe, expect, it } from 'vitest';
import { EndpointConfig } from '../../server/config/endpoint-config.ts';
import { createAdapter } from '../../server/providers/create-adapter.ts';
import type { ChatRequest, ProviderAdapter } from '../../server/providers/types.ts';
import { collectEvents } from '../helpers/collect-events.ts';
import { startFakeAnthropic } from '../helpers/fake-anthropic-server.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';

/**
 * Answers reuse kept-alive connections to their provider: a new TCP (and, to a
 * hosted API, TLS) handshake per answer would add to every time to first token
 * and cost CPU per battle. The SDKs fetch through node:http
 * (`server/providers/node-http-fetch.ts`) and Node's global agents, which keep
 * idle connections (5 s, or less a second than a server's `Keep-Alive:
 * timeout`) without a pool limit per origin; these tests hold that through the
 * whole adapter stack (SDK, timeouts, secret redaction) by counting the fake
 * server's TCP connections.
 */

const request: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }], sampling: {} };
const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const kinds = [
  ['openai', startFakeOpenAI],
  ['anthropic', startFakeAnthropic],
] as const;

async function endpoint(
  kind: 'openai' | 'anthropic',
  start: typeof startFakeOpenAI,
): Promise<{ server: FakeServer; adapter: ProviderAdapter }> {
  const server = await start({ defaultScript: { tokens: ['Hello', ' there'], intervalMs: 2 } });
  servers.push(server);
  const config = EndpointConfig.parse({ id: 'fake', kind, baseURL: server.baseURL, apiKeyEnv: 'FAKE_KEY' });
  return { server, adapter: createAdapter(config, { FAKE_KEY: 'sk-keep-alive-test-key' }) };
}

/**
 * The next battle starts a little later, as a person's next prompt does: the
 * finish reaches the arena just before the body's last bytes are read and its
 * connection is back in the pool, so a request sent at that very instant may
 * open another connection.
 */
const nextPrompt = () => new Promise((r) => setTimeout(r, 100));

const answer = async (adapter: ProviderAdapter) =>
  (await collectEvents(adapter.stream(request, { signal: new AbortController().signal }))).at(-1);

describe('connections to a provider', () => {
  it.each(kinds)('%s: sequential answers share one kept-alive connection', async (kind, start) => {
    const { server, adapter } = await endpoint(kind, start);
    for (let i = 0; i < 5; i++) {
      expect(await answer(adapter)).toMatchObject({ type: 'finish' });
      await nextPrompt();
    }
    expect(server.chatRequests).toHaveLength(5);
    expect(server.connections).toBe(1);
  });

  it.each(kinds)('%s: concurrent answers open a connection each, and later answers reuse them', async (kind, start) => {
    const { server, adapter } = await endpoint(kind, start);
    const burst = await Promise.all(Array.from({ length: 3 }, () => answer(adapter)));
    expect(burst.every((ev) => ev?.type === 'finish')).toBe(true);
    const opened = server.connections;
    // Streams hold their connection to the end, so three at once need up to three.
    expect(opened).toBeGreaterThanOrEqual(1);
    expect(opened).toBeLessThanOrEqual(3);
    for (let i = 0; i < 3; i++) {
      await nextPrompt();
      expect(await answer(adapter)).toMatchObject({ type: 'finish' });
    }
    await nextPrompt();
    await Promise.all(Array.from({ length: 3 }, () => answer(adapter)));
    expect(server.chatRequests).toHaveLength(9);
    expect(server.connections).toBe(opened);
  });
});
