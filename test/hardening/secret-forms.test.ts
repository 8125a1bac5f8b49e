import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatStartupTable } from '../../server/startup-table.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { sessionCookie } from '../helpers/battle-steps.ts';
import { GENEROUS_LIMITS } from './helpers.ts';

/**
 * Secrets in the forms the plain-key scan of secrets.test.ts cannot see:
 * credentials inside configured URLs (user info, a token in the path, a
 * token in the query), and a key echoed back base64-, hex- or URL-encoded,
 * or inside the answer text itself, split across deltas. None may reach a
 * response, a websocket message, a log line, the start-up table or a
 * database row. And provider text with terminal escape sequences reaches
 * the console only defused.
 */
const KEY = 'planted-forms-key-4c1e9a7b2d5f8e3a';
const PASSWORD = 'url-password-77e1c9a3b5d2f4';
const PATH_TOKEN = 'pathtok9f8e7d6c5b4a3f2e1d0c9b8a';
const QUERY_TOKEN = 'querytok-5a4b3c2d1e0f9a8b';
const ESC = '\x1b';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const hex = (s: string) => Buffer.from(s).toString('hex');
const percent = (s: string) => [...Buffer.from(s)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/** What must appear nowhere: each secret, its distinctive tail, and the key's encodings (as whole runs of their stable middle). */
const NEEDLES = [
  KEY,
  KEY.slice(-16),
  b64(KEY).slice(0, -4),
  b64(`Authorization: Bearer ${KEY}`).slice(32, 64),
  hex(KEY),
  hex(KEY).toUpperCase(),
  percent(KEY),
  PASSWORD,
  PATH_TOKEN,
  QUERY_TOKEN,
  ESC,
];

function findLeaks(where: string, text: string): string[] {
  return NEEDLES.filter((n) => text.includes(n)).map(
    (n) =>
      `${where}: contains ${JSON.stringify(n)} near ${JSON.stringify(text.slice(Math.max(0, text.indexOf(n) - 60), text.indexOf(n) + 40))}`,
  );
}

let openai: FakeServer;
let arena: TestArena;
const logLines: string[] = [];

beforeAll(async () => {
  openai = await startFakeOpenAI({
    models: {
      // The key in the answer, split across deltas, then encoded three ways; a raw finish reason quoting it.
      echo: {
        tokens: [
          'Your key: ',
          KEY.slice(0, 5),
          KEY.slice(5, 19),
          KEY.slice(19),
          '; base64 ',
          b64(KEY).slice(0, 7),
          b64(KEY).slice(7),
          '; hex ',
          hex(KEY),
          '; url ',
          percent(KEY),
          '. Done.',
        ],
        end: { type: 'finish', reason: `stop (${KEY})` },
      },
      // An error body echoing the credential encoded, with escape sequences that would clear the operator's screen.
      hostile: {
        httpError: {
          status: 400,
          message: `${ESC}[2J${ESC}]0;pwned${ESC}\\ bad header ${b64(`Authorization: Bearer ${KEY}`)} hex=${hex(KEY)} url=${percent(KEY)}`,
        },
      },
    },
  });
  arena = await startTestArena(
    {
      limits: GENEROUS_LIMITS,
      endpoints: [
        { id: 'echo', kind: 'openai', baseURL: openai.baseURL, apiKeyEnv: 'ECHO_KEY' },
        // fetch refuses a URL with credentials, and says so quoting it.
        { id: 'userinfo', kind: 'openai', baseURL: openai.baseURL.replace('http://', `http://admin:${PASSWORD}@`), probe: true },
        { id: 'tokens', kind: 'openai', baseURL: `http://127.0.0.1:9/gw/${PATH_TOKEN}/v1?api_key=${QUERY_TOKEN}`, probe: true },
      ],
      models: [
        testModel('echo', 'echo', 'echo'),
        testModel('hostile', 'echo', 'hostile'),
        testModel('behind-userinfo', 'userinfo', 'echo'),
        testModel('behind-tokens', 'tokens', 'echo'),
      ],
    },
    { env: { ECHO_KEY: KEY, VERSUS_LOG: 'debug' }, server: { logSink: (l) => logLines.push(l) } },
  );
});

afterAll(async () => {
  await arena?.close();
  await openai?.close();
});

describe('secrets in other forms', () => {
  it('appear in no response, websocket message, log line, start-up table or database row; escape sequences reach no console', async () => {
    const client = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    client.send({ type: 'start', mode: 'named', models: { a: 'echo', b: 'hostile' }, prompt: 'Tell me the key', requestId: 'echo' });
    const { battleId } = await client.next('battle-started', (m) => m.requestId === 'echo');
    await client.next('turn-ended', (m) => m.battleId === battleId);
    client.send({ type: 'vote', battleId, choice: 'a', requestId: 'vote' });
    await client.next('vote-recorded', (m) => m.requestId === 'vote');

    // The echo really happened, and was replaced in place.
    expect(openai.chatRequests.some((r) => r.headers['authorization'] === `Bearer ${KEY}`)).toBe(true);
    // (A base64 form keeps its last character and padding: they carry a few bits of the last byte, not the key.)
    expect(client.textOf(battleId, 'a')).toMatch(
      /^Your key: \[redacted\]; base64 \[redacted\][\w+/]?=*; hex \[redacted\]; url \[redacted\]\. Done\.$/,
    );
    expect((await arena.server.store.getBattle(battleId))!.responses.find((r) => r.side === 'a')!.text).toBe(client.textOf(battleId, 'a'));

    const leaks = findLeaks('websocket messages', JSON.stringify(client.received.map((r) => r.msg)));
    const models = await (await fetch(`${arena.server.url}/api/models`)).text();
    // The endpoints behind credentials are listed as unavailable, with a reason that names the place without its secrets.
    expect(models).toMatch(/\[redacted\]@127\.0\.0\.1/);
    expect(models).toMatch(/\/gw\/\[redacted\]\/v1\?api_key=\[redacted\]/);
    leaks.push(
      ...findLeaks('/api/models', models),
      ...findLeaks('/api/export.jsonl', await (await fetch(`${arena.server.url}/api/export.jsonl`)).text()),
    );

    const { rows = [], problems } = arena.server.discovered;
    const table = formatStartupTable({ rows, problems, url: arena.server.url });
    expect(table).toMatch(/userinfo .* no server answered at http:\/\/\[redacted\]@127\.0\.0\.1/);
    leaks.push(...findLeaks('start-up table', table));

    const db = new Database(arena.dbPath, { readonly: true });
    try {
      for (const { name } of db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]) {
        leaks.push(...findLeaks(`table ${name}`, JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())));
      }
    } finally {
      db.close();
    }
    expect(logLines.some((l) => l.includes('hostile failed'))).toBe(true);
    leaks.push(...findLeaks('log lines', logLines.join('\n')));
    expect(leaks).toEqual([]);
    await client.close();
  });
});
