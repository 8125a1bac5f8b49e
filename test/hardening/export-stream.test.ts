import { get, type IncomingMessage } from 'node:http';
import { matching } from '../helpers/match.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CleanBattle } from '../../shared/clean-battle.ts';
import { exportCleanBattles, importCleanBattles } from '../../server/exchange/clean-battle-jsonl.ts';
import { startTestArena, type TestArena } from '../helpers/test-arena.ts';
import { waitFor } from './helpers.ts';
import { collect } from '../helpers/collect.ts';
import { backendsUnderTest } from '../helpers/store-backends.ts';

/**
 * On each backend (SQLite's reads are synchronous underneath, PostgreSQL's
 * go over the network): the export used to build the whole file in memory before its first byte
 * (a RangeError at 4,300 large battles, 2 GB and an 11 s stall for five at
 * once). It now reads one battle at a time as the client takes the bytes: a
 * client that stops reading stops the reading, and other requests are served
 * meanwhile. Exports at once are capped per client and in all.
 */
const BATTLES = 500;
const big = (n: number, side: string) => `${side} answer ${n} `.padEnd(24_000, 'lorem ipsum ');

const battle = (n: number): CleanBattle => ({
  question_id: `export-${n}`,
  model_a: 'alpha',
  model_b: 'beta',
  winner: n % 2 ? 'model_a' : 'model_b',
  judge: 'tester',
  conversation_a: [
    { role: 'user', content: `prompt ${n} `.padEnd(16_000, 'x') },
    { role: 'assistant', content: big(n, 'a') },
  ],
  conversation_b: [
    { role: 'user', content: `prompt ${n} `.padEnd(16_000, 'x') },
    { role: 'assistant', content: big(n, 'b') },
  ],
  turn: 1,
  anony: true,
  tstamp: 1_700_000_000 + n,
});

describe.each(backendsUnderTest())('the export on $name', (backend) => {
  let arena: TestArena;
  let reads = 0;

  beforeAll(async () => {
    if (backend.skip) return;
    const db = await backend.fresh();
    arena = await startTestArena(
      {
        endpoints: [],
        models: [],
        network: { trustedProxies: ['loopback'], maxExportsPerAddress: 1, maxExports: 2 },
      },
      { env: db.env },
    );
    // The start-up jobs done first: the style backfill reads battles with getBattle too, and one still under way at the
    // import would read the imported ones alongside the export and count among its reads.
    await arena.server.backgroundIdle();
    const report = await importCleanBattles(
      Array.from({ length: BATTLES }, (_, i) => JSON.stringify(battle(i))),
      arena.server.store,
    );
    expect(report.imported).toBe(BATTLES);
    const store = arena.server.store;
    const getBattle = store.getBattle.bind(store);
    store.getBattle = (id) => {
      reads++;
      return getBattle(id);
    };
  });

  afterAll(async () => {
    await arena?.close();
    await backend.cleanup();
  });

  /** Starts an export and resolves at its first bytes, with the response paused there. */
  function startExport(headers: Record<string, string> = {}): Promise<{ res: IncomingMessage; first: Buffer; readsAtFirstByte: number }> {
    return new Promise((resolve, reject) => {
      const req = get(`${arena.server.url}/api/export.jsonl`, { headers }, (res) => {
        if (res.statusCode !== 200) {
          let body = '';
          res.on('data', (c: Buffer) => (body += String(c)));
          res.on('end', () => reject(Object.assign(new Error(`HTTP ${res.statusCode}: ${body}`), { status: res.statusCode, body })));
          return;
        }
        res.once('data', (first: Buffer) => {
          res.pause();
          resolve({ res, first, readsAtFirstByte: reads });
        });
      });
      req.on('error', reject);
    });
  }

  const readRest = (res: IncomingMessage, first: Buffer) =>
    new Promise<string>((resolve, reject) => {
      const chunks = [first];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
      res.resume();
    });

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  describe.skipIf(backend.skip)('GET /api/export.jsonl', () => {
    it('streams: the first bytes come before the last battle is read, a client that stops reading stops the reads, and /api/health answers meanwhile', async () => {
      reads = 0;
      const { res, first, readsAtFirstByte } = await startExport();
      try {
        expect(readsAtFirstByte).toBeLessThan(BATTLES);

        // Paused: the reads stop once the socket buffers are full, far short of the whole arena.
        const stalledAt = await waitFor(async () => {
          const at = reads;
          await sleep(250);
          return reads === at ? at : null;
        }, 'the reads to stop while the client does not read');
        expect(stalledAt).toBeLessThan(BATTLES / 2);
        console.log(
          `export: ${readsAtFirstByte} battles read at the first byte, ${stalledAt} of ${BATTLES} when the paused client stalled it`,
        );

        const health = await fetch(`${arena.server.url}/api/health`);
        expect(health.status).toBe(200);
        expect(reads).toBe(stalledAt);

        const body = await readRest(res, first);
        const lines = body.split('\n').filter(Boolean);
        expect(lines).toHaveLength(BATTLES);
        expect(body).toBe((await collect(exportCleanBattles(arena.server.store))).join(''));
      } finally {
        res.destroy();
      }
    });

    it('caps exports per client and in all, and frees a slot when its client goes away', async () => {
      const one = await startExport({ 'x-forwarded-for': '203.0.113.1' });
      await expect(startExport({ 'x-forwarded-for': '203.0.113.1' })).rejects.toMatchObject({
        status: 429,
        body: matching(/already running/),
      });
      const two = await startExport({ 'x-forwarded-for': '203.0.113.2' });
      await expect(startExport({ 'x-forwarded-for': '203.0.113.3' })).rejects.toMatchObject({
        status: 429,
        body: matching(/Too many exports/),
      });

      one.res.destroy();
      // (Its slot frees when the server sees the connection close.)
      const again = await waitFor(
        () => startExport({ 'x-forwarded-for': '203.0.113.1' }).catch(() => null),
        'the slot of the abandoned export',
      );
      expect((await readRest(again.res, again.first)).split('\n').filter(Boolean)).toHaveLength(BATTLES);
      expect((await readRest(two.res, two.first)).split('\n').filter(Boolean)).toHaveLength(BATTLES);
    });
  });
});
