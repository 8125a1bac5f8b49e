import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { STATIC_DIR } from '../../server/start-server.ts';
import { startFakeAnthropic } from '../helpers/fake-anthropic-server.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer, RecordedRequest } from '../helpers/fake-provider-server.ts';
import type { FakeScript } from '../helpers/fake-script.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { sessionCookie } from '../helpers/battle-steps.ts';
import { GENEROUS_LIMITS, REPO_ROOT } from './helpers.ts';

/**
 * API keys live only on the server. Distinctive keys are planted in the
 * environment for endpoints whose (hostile) providers echo the credentials
 * back in every way they can: in 401 bodies, in a mid-stream error event, as
 * the bare key and as the whole header. Then everything that leaves the
 * server, or stays on its disk, is scanned: every HTTP response (body and
 * headers), every websocket message, every log line and console write, every
 * row of the database, and the built client bundle.
 */

const KEYS = {
  OPENAI_API_KEY: 'sk-planted-openai-7f3a9c1e5b2d4f60a8e1',
  ANTHROPIC_API_KEY: 'sk-ant-planted-2c4e6a8b0d1f3e5a7c9b',
  // No sk- prefix: only the literal-value scrubbing can catch this one.
  CUSTOM_KEY: 'planted-custom-secret-91b7d3f5e2a4c6',
};
/** The full keys and their distinctive tails (a partially masked key still leaks). */
const NEEDLES = Object.values(KEYS).flatMap((k) => [k, k.slice(-16)]);

function findLeaks(where: string, text: string): string[] {
  return NEEDLES.filter((n) => text.includes(n)).map(
    (n) => `${where}: contains "${n}" … ${text.slice(Math.max(0, text.indexOf(n) - 80), text.indexOf(n) + 40)}`,
  );
}

const credentialOf = (req: RecordedRequest) => String(req.headers['authorization'] ?? req.headers['x-api-key'] ?? '');
const bare = (cred: string) => cred.replace(/^Bearer\s+/i, '');

/** A provider that answers every bad-key request with the key, in every field it has. */
function hostileOpenAIScript(req: RecordedRequest): FakeScript {
  const cred = credentialOf(req);
  if (req.model === 'gpt-4.1') return { tokens: ['A', ' fine', ' answer'] };
  if (req.model === 'gpt-4.1-nano') {
    return {
      tokens: ['Partial'],
      end: { type: 'error-event', message: `Key ${bare(cred)} revoked mid-stream (${cred})`, code: bare(cred) },
    };
  }
  return {
    httpError: {
      status: 401,
      headers: { 'x-echo-authorization': cred, 'www-authenticate': `Bearer realm="${bare(cred)}"` },
      body: {
        error: {
          message: `Incorrect API key provided: ${bare(cred)}. You sent "Authorization: ${cred}"; key=${bare(cred)}`,
          type: 'invalid_request_error',
          param: bare(cred),
          code: 'invalid_api_key',
        },
        echo: { headers: req.headers, key: bare(cred) },
      },
    },
  };
}

let openai: FakeServer;
let anthropic: FakeServer;
let arena: TestArena;
const logLines: string[] = [];

beforeAll(async () => {
  openai = await startFakeOpenAI({ script: hostileOpenAIScript });
  anthropic = await startFakeAnthropic({
    script: (req) => {
      const cred = credentialOf(req);
      return {
        httpError: {
          status: 401,
          headers: { 'x-echo-api-key': cred },
          body: { type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key: ${cred}` }, echo: req.headers },
        },
      };
    },
  });
  arena = await startTestArena(
    {
      limits: GENEROUS_LIMITS,
      // The built-in OpenAI and Anthropic endpoints, pointed at the hostile servers by their SDKs' own variables.
      disable: ['gemini', 'mistral', 'ollama'],
      endpoints: [{ id: 'custom', kind: 'openai', baseURL: openai.baseURL, apiKeyEnv: 'CUSTOM_KEY' }],
      models: [testModel('hostile-custom', 'custom', 'hostile-custom')],
    },
    {
      env: { ...KEYS, OPENAI_BASE_URL: openai.baseURL, ANTHROPIC_BASE_URL: anthropic.baseURL, VERSUS_LOG: 'debug' },
      server: { logSink: (l) => logLines.push(l) },
    },
  );
});

afterAll(async () => {
  vi.restoreAllMocks();
  await arena?.close();
  await openai?.close();
  await anthropic?.close();
});

describe('planted API keys', () => {
  it('appear in no API response, websocket message, log line, console write or database row', async () => {
    const consoleWrites: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void consoleWrites.push(args.map(String).join(' ')));
    }

    const client = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    const battles: [string, string][] = [
      ['gpt-4.1-mini', 'claude-haiku-4.5'],
      ['gpt-4.1-nano', 'hostile-custom'],
      ['gpt-4.1', 'gpt-4.1-nano'],
    ];
    const ids: string[] = [];
    for (const [i, [a, b]] of battles.entries()) {
      client.send({ type: 'start', mode: 'named', models: { a, b }, prompt: 'Who holds the key?', requestId: `named-${i}` });
      ids.push((await client.next('battle-started', (m) => m.requestId === `named-${i}`)).battleId);
    }
    for (let i = 0; i < 4; i++) {
      client.send({ type: 'start', mode: 'blind', prompt: 'And now?', requestId: `blind-${i}` });
      ids.push((await client.next('battle-started', (m) => m.requestId === `blind-${i}`)).battleId);
    }
    for (const [i, id] of ids.entries()) {
      await client.next('turn-ended', (m) => m.battleId === id);
      client.send({ type: 'vote', battleId: id, choice: 'tie', requestId: `vote-${i}` });
      await client.next('vote-recorded', (m) => m.requestId === `vote-${i}`);
    }
    // A follow-up, a stop and a few refusals produce more error texts.
    client.send({ type: 'follow-up', battleId: ids[0]!, prompt: 'again', requestId: 'fu' });
    client.send({ type: 'vote', battleId: 'K'.repeat(32), choice: 'a', requestId: 'nf' });
    client.sendRaw('{"type":"start"');
    await client.next('error', (m) => m.requestId === 'nf');

    // The hostile providers really were handed the keys, and really echoed them.
    expect(openai.chatRequests.some((r) => credentialOf(r) === `Bearer ${KEYS.OPENAI_API_KEY}`)).toBe(true);
    expect(openai.chatRequests.some((r) => credentialOf(r) === `Bearer ${KEYS.CUSTOM_KEY}`)).toBe(true);
    // (This SDK version sends the key as a Bearer token, not as x-api-key.)
    expect(anthropic.chatRequests.some((r) => bare(credentialOf(r)) === KEYS.ANTHROPIC_API_KEY)).toBe(true);
    const kinds = client.all('side-ended').map((m) => m.error?.kind ?? m.status);
    expect(kinds).toContain('auth');
    expect(kinds).toContain('server');
    expect(kinds).toContain('finished');

    const leaks: string[] = [];
    leaks.push(...findLeaks('websocket messages', JSON.stringify(client.received.map((r) => r.msg))));

    const paths = [
      '/',
      '/index.html',
      '/api/health',
      '/api/models',
      '/api/leaderboard',
      '/api/leaderboard?mode=all',
      '/api/leaderboard?mode=named',
      '/api/leaderboard?mode=nonsense',
      '/api/head-to-head?a=gpt-4.1&b=gpt-4.1-nano&mode=all',
      '/api/export.jsonl',
      '/api/export.jsonl?mode=all',
      '/api/no-such-route',
      '/no/such/page',
      '/ws',
    ];
    for (const path of paths) {
      for (const method of ['GET', 'POST']) {
        const res = await fetch(arena.server.url + path, { method });
        const headers = JSON.stringify([...res.headers.entries()]);
        leaks.push(...findLeaks(`${method} ${path} headers`, headers), ...findLeaks(`${method} ${path} body`, await res.text()));
      }
    }

    const db = new Database(arena.dbPath, { readonly: true });
    try {
      const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name);
      for (const t of tables) leaks.push(...findLeaks(`table ${t}`, JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all())));
      const errors = db.prepare(`SELECT error_message, error_raw FROM responses WHERE error_kind IS NOT NULL`).all() as {
        error_message: string;
        error_raw: string | null;
      }[];
      // The provider's detail is kept (scrubbed) for the operator: the echo is there, the key is not.
      expect(errors.some((e) => (e.error_raw ?? '').includes('[redacted]'))).toBe(true);
    } finally {
      db.close();
    }

    expect(logLines.length).toBeGreaterThan(0);
    leaks.push(...findLeaks('log lines', logLines.join('\n')), ...findLeaks('console', consoleWrites.join('\n')));
    expect(leaks).toEqual([]);
    await client.close();
  });

  it('appear nowhere in the built client bundle, even when the build runs with the keys in its environment', async () => {
    const scanDir = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const p = join(dir, name);
        return statSync(p).isDirectory() ? scanDir(p) : findLeaks(p, readFileSync(p, 'latin1'));
      });

    const leaks: string[] = [];
    let scanned = 0;
    if (existsSync(STATIC_DIR)) {
      leaks.push(...scanDir(STATIC_DIR));
      scanned++;
    }
    if (existsSync(join(REPO_ROOT, 'vite.config.ts'))) {
      const outDir = mkdtempSync(join(tmpdir(), 'versus-bundle-'));
      const saved = Object.fromEntries(Object.keys(KEYS).map((k) => [k, process.env[k]]));
      Object.assign(process.env, KEYS);
      try {
        const { build } = await import('vite');
        await build({ configFile: join(REPO_ROOT, 'vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
        leaks.push(...scanDir(outDir));
        scanned++;
      } catch (e) {
        console.log(
          `secrets: skipped the fresh client build (${(e as Error).message.split('\n')[0]}); scanned ${existsSync(STATIC_DIR) ? 'dist/client only' : 'nothing'}`,
        );
      } finally {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
        rmSync(outDir, { recursive: true, force: true });
      }
    }
    if (scanned === 0) console.log('secrets: no client bundle to scan (no dist/client, and no vite.config.ts to build one)');
    expect(leaks).toEqual([]);
  });
});
