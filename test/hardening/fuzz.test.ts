import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ClientMessage, LIMITS } from '../../shared/protocol.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { sessionCookie } from '../helpers/battle-steps.ts';
import { closeCode, GENEROUS_LIMITS, mulberry32, roundTrip } from './helpers.ts';

/**
 * Fuzzing the websocket: ≥10,000 random and mutated frames over a real socket
 * to a real server. Every invalid frame must get an `error` reply (counted),
 * the connection must stay open, nothing may crash or pollute a prototype,
 * and afterwards a normal battle and a vote still work on the same server.
 *
 * Reproduce a failure with VERSUS_FUZZ_SEED=<seed printed in the summary>.
 */

const SEED = Number(process.env.VERSUS_FUZZ_SEED ?? 20_251_123);
const FRAMES = 12_000;
const BATCH = 100;

type Frame = { data: string; binary: false } | { data: Buffer; binary: true };

const EVIL_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\u202e\u202d',
  '\ud83d\ude00',
  '\ud800',
  '<script>alert(1)</script>',
  "'; DROP TABLE votes; --",
  '${process.exit(1)}',
  '../../../etc/passwd',
  'a'.repeat(65),
  'A'.repeat(16),
  'quick',
  'blind',
  'named',
  'x'.repeat(LIMITS.promptChars + 1),
];
const TYPE_NAMES = [
  'start',
  'follow-up',
  'stop',
  'vote',
  'ping',
  'Start',
  'START',
  'vote ',
  'follow_up',
  'hello',
  'error',
  'pong',
  'delta',
  '',
  'constructor',
  '__proto__',
  'toString',
];
const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'];

function generator(seed: number) {
  const rng = mulberry32(seed);
  const int = (n: number) => Math.floor(rng() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const chance = (p: number) => rng() < p;
  const battleId = () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
    return Array.from({ length: 32 }, () => alphabet[int(alphabet.length)]).join('');
  };
  const randomString = (max: number) => {
    const len = int(max);
    let s = '';
    for (let i = 0; i < len; i++) {
      const r = rng();
      s +=
        r < 0.6
          ? String.fromCharCode(32 + int(95))
          : r < 0.8
            ? String.fromCharCode(int(0x10000))
            : pick(['{', '}', '[', ']', '"', ':', ',', '\\']);
    }
    return s;
  };
  const deep = (depth: number, kind: 'array' | 'object') =>
    kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

  const evilValue = (): unknown => {
    switch (int(12)) {
      case 0:
        return null;
      case 1:
        return pick([0, -1, 1.5, -0, 2 ** 53 + 1, 1e308, -1e308, Number.MIN_VALUE]);
      case 2:
        return pick(EVIL_STRINGS);
      case 3:
        return [];
      case 4:
        return {};
      case 5:
        return pick([true, false]);
      case 6:
        return [pick(EVIL_STRINGS), 1, null];
      case 7:
        return { type: 'ping' };
      case 8:
        return randomString(40);
      case 9:
        return JSON.parse(deep(1 + int(200), pick(['array', 'object'] as const)));
      case 10:
        return battleId();
      default:
        return pick(TYPE_NAMES);
    }
  };

  const template = (): Record<string, unknown> => {
    switch (int(6)) {
      case 0:
        return { type: 'start', mode: 'named', models: { a: 'quick', b: 'quick-2' }, prompt: 'Say hello', requestId: `r${int(1e6)}` };
      case 1:
        return { type: 'start', mode: 'blind', prompt: 'Say hello' };
      case 2:
        return { type: 'follow-up', battleId: battleId(), prompt: 'And then?' };
      case 3:
        return { type: 'stop', battleId: battleId(), ...(chance(0.5) ? { side: pick(['a', 'b']) } : {}) };
      case 4:
        return { type: 'vote', battleId: battleId(), choice: pick(['a', 'b', 'tie', 'both_bad']) };
      default:
        return { type: 'ping', requestId: `p${int(1e6)}` };
    }
  };

  const mutateObject = (obj: Record<string, unknown>): Record<string, unknown> => {
    const o = structuredClone(obj);
    const rounds = 1 + int(3);
    for (let r = 0; r < rounds; r++) {
      const keys = Object.keys(o);
      switch (int(7)) {
        case 0:
          if (keys.length) delete o[pick(keys)];
          break;
        case 1:
        case 2:
          if (keys.length) o[pick(keys)] = evilValue();
          break;
        case 3:
          Object.defineProperty(o, pick([...POLLUTING_KEYS, 'extra', 'models', 'side']), {
            value: { polluted: 'yes', type: 'ping' },
            enumerable: true,
            configurable: true,
            writable: true,
          });
          break;
        case 4:
          o.type = pick(TYPE_NAMES);
          break;
        case 5:
          if (o.models && typeof o.models === 'object') (o.models as Record<string, unknown>)[pick(['a', 'b'])] = evilValue();
          else o.models = { a: pick(['quick', 'quick-2', 'nope']), b: pick(['quick', 'quick-2', 'nope']) };
          break;
        default:
          o.requestId = evilValue();
      }
    }
    return o;
  };

  const mutateText = (text: string): string => {
    if (text.length === 0) return text;
    const at = int(text.length);
    switch (int(5)) {
      case 0:
        return text.slice(0, at);
      case 1:
        return text.slice(0, at) + String.fromCharCode(int(128)) + text.slice(at + 1);
      case 2:
        return text.slice(0, at) + pick(['"', '{', '}', ',', ':', '\\', 'null', '1e999']) + text.slice(at);
      case 3:
        return text.slice(0, at) + text.slice(at, at + int(20)).repeat(2) + text.slice(at);
      default:
        return text.slice(0, at) + text.slice(at + 1 + int(10));
    }
  };

  return function next(i: number): Frame {
    // A few fixed kinds at fixed positions, so every run covers them whatever the seed.
    if (i % 500 === 7) return { data: Buffer.from(JSON.stringify({ type: 'ping' })), binary: true };
    if (i % 500 === 11) {
      const size = LIMITS.frameBytes + 1 + int(200_000);
      return {
        data: chance(0.5) ? JSON.stringify({ type: 'start', mode: 'blind', prompt: 'x'.repeat(size) }) : randomString(10).padEnd(size, '#'),
        binary: false,
      };
    }
    if (i % 500 === 13) return { data: deep(20_000 + int(10_000), pick(['array', 'object'] as const)), binary: false };
    if (i % 500 === 17)
      return { data: `{"type":"ping","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}`, binary: false };
    if (i % 500 === 19)
      return {
        data: `{"type":"vote","battleId":"${battleId()}","choice":1e999,"requestId":123456789012345678901234567890}`,
        binary: false,
      };

    const r = rng();
    if (r < 0.08) {
      const bytes = Buffer.alloc(int(300));
      for (let k = 0; k < bytes.length; k++) bytes[k] = int(256);
      return { data: bytes, binary: true };
    }
    if (r < 0.2) return { data: randomString(200), binary: false };
    if (r < 0.3) return { data: JSON.stringify(evilValue()) ?? 'undefined', binary: false };
    if (r < 0.6) return { data: JSON.stringify(mutateObject(template())), binary: false };
    if (r < 0.9) return { data: mutateText(JSON.stringify(chance(0.5) ? template() : mutateObject(template()))), binary: false };
    if (r < 0.92) return { data: JSON.stringify(template()), binary: false };
    return { data: pick(['', ' ', 'null', '"ping"', '[]', '{}', '0', 'true', '{"type":null}', '{"type":"ping"', 'ping']), binary: false };
  };
}

/** What the server received (a JS string goes on the wire as UTF-8, lone surrogates become U+FFFD). */
const onWire = (f: Frame): string | Buffer => (f.binary ? f.data : Buffer.from(f.data, 'utf8').toString('utf8'));

/** The protocol's own verdict: binary, too large, not JSON, or not a ClientMessage. */
function verdict(f: Frame): { valid: false } | { valid: true; msg: ClientMessage } {
  const data = onWire(f);
  if (typeof data !== 'string' || Buffer.byteLength(data) > LIMITS.frameBytes) return { valid: false };
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { valid: false };
  }
  const r = ClientMessage.safeParse(json);
  return r.success ? { valid: true, msg: r.data } : { valid: false };
}

let openai: FakeServer;
let arena: TestArena;

beforeAll(async () => {
  openai = await startFakeOpenAI({ models: { quick: { tokens: ['Hi', ' there', '!'], intervalMs: 1 } } });
  arena = await startTestArena({
    limits: GENEROUS_LIMITS,
    endpoints: [{ id: 'fake', kind: 'openai', baseURL: openai.baseURL }],
    models: [testModel('quick', 'fake', 'quick'), testModel('quick-2', 'fake', 'quick')],
  });
});

afterAll(async () => {
  await arena?.close();
  await openai?.close();
});

describe('websocket fuzzing', () => {
  it(`answers ${FRAMES} random and mutated frames without crashing, then runs a normal battle`, async () => {
    const client = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    const next = generator(SEED);
    const stats = { invalid: 0, valid: 0, binary: 0, oversize: 0, errorsSeen: 0, sameModelNamed: 0, started: 0 };
    const missing: string[] = [];

    for (let base = 0; base < FRAMES; base += BATCH) {
      const from = client.received.length;
      const frames: Frame[] = [];
      for (let i = base; i < Math.min(FRAMES, base + BATCH); i++) {
        const f = next(i);
        frames.push(f);
        if (f.binary) client.ws.send(f.data, { binary: true });
        else client.ws.send(f.data);
        client.send({ type: 'ping', requestId: `sync-${i}` });
      }
      const last = Math.min(FRAMES, base + BATCH) - 1;
      await client.next('pong', (m) => m.requestId === `sync-${last}`, 15_000);

      // Split what arrived into one window per frame: [after the previous sync pong, this frame's sync pong].
      const windows: (typeof client.received)[] = [];
      let cur: typeof client.received = [];
      for (const r of client.received.slice(from)) {
        if (r.msg.type === 'pong' && r.msg.requestId?.startsWith('sync-')) {
          windows.push(cur);
          cur = [];
        } else cur.push(r);
      }
      expect(windows).toHaveLength(frames.length);
      frames.forEach((f, k) => {
        const v = verdict(f);
        if (f.binary) stats.binary++;
        else if (Buffer.byteLength(f.data) > LIMITS.frameBytes) stats.oversize++;
        if (v.valid) {
          stats.valid++;
          if (v.msg.type === 'start' && v.msg.mode === 'named' && v.msg.models!.a === v.msg.models!.b) stats.sameModelNamed++;
          return;
        }
        stats.invalid++;
        // An invalid frame is refused at once, before the server reads the next frame.
        const refused = windows[k]!.some((r) => r.msg.type === 'error' && (r.msg.code === 'bad_message' || r.msg.code === 'too_large'));
        if (!refused) missing.push(`frame ${base + k}: ${f.binary ? `<binary ${f.data.length} bytes>` : f.data.slice(0, 120)}`);
      });
      expect(client.closed).toBe(false);
    }

    // Let battles started by valid frames finish, then settle late replies.
    const started = client.all('battle-started');
    stats.started = started.length;
    await Promise.all(started.map((s) => client.next('turn-ended', (m) => m.battleId === s.battleId, 20_000)));
    await roundTrip(client, 'settle-1');
    await new Promise((r) => setTimeout(r, 50));
    await roundTrip(client, 'settle-2');

    const errors = client.all('error');
    stats.errorsSeen = errors.length;
    const byCode = errors.reduce<Record<string, number>>((acc, e) => ((acc[e.code] = (acc[e.code] ?? 0) + 1), acc), {});
    console.log(`fuzz seed ${SEED}: ${FRAMES} frames, ${JSON.stringify(stats)}, errors by code ${JSON.stringify(byCode)}`);

    expect(missing.slice(0, 5)).toEqual([]);
    // Exactly one refusal per invalid frame (named starts of one model twice are valid: two settings of one model).
    expect((byCode.bad_message ?? 0) + (byCode.too_large ?? 0)).toBe(stats.invalid);
    expect(byCode.internal ?? 0).toBe(0);
    expect(stats.invalid).toBeGreaterThan(FRAMES * 0.7);
    expect(stats.binary).toBeGreaterThan(100);
    expect(stats.oversize).toBeGreaterThanOrEqual(FRAMES / 500);
    expect(client.closed).toBe(false);
    // Nothing leaked into a prototype.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);

    // The same connection still runs a normal battle to the end and takes a vote.
    client.send({ type: 'start', mode: 'named', models: { a: 'quick', b: 'quick-2' }, prompt: 'After the storm', requestId: 'final' });
    const final = await client.next('battle-started', (m) => m.requestId === 'final');
    await client.next('turn-ended', (m) => m.battleId === final.battleId);
    expect(client.textOf(final.battleId, 'a')).toBe('Hi there!');
    expect(client.textOf(final.battleId, 'b')).toBe('Hi there!');
    client.send({ type: 'vote', battleId: final.battleId, choice: 'a', requestId: 'final-vote' });
    await client.next('vote-recorded', (m) => m.requestId === 'final-vote');
    expect((await arena.server.store.getBattle(final.battleId))!.vote).toMatchObject({ choice: 'a', countsForRatings: true });
    await client.close();

    // And a fresh connection is served as usual.
    const fresh = await TestClient.connect(arena.wsUrl);
    await roundTrip(fresh, 'fresh');
    await fresh.close();
  }, 60_000);

  it('closes a connection that breaks the websocket protocol itself, and serves the next one', async () => {
    // Past the transport cap (1 MiB) the ws layer closes with 1009 instead of reading the frame.
    const huge = new WebSocket(arena.wsUrl);
    await new Promise((r) => huge.once('open', r));
    const hugeClosed = closeCode(huge);
    huge.send('x'.repeat(1024 * 1024 + 1));
    expect(await hugeClosed).toBe(1009);

    // A text frame that is not UTF-8: 1007.
    const bad = new WebSocket(arena.wsUrl);
    await new Promise((r) => bad.once('open', r));
    const badClosed = closeCode(bad);
    bad.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await badClosed).toBe(1007);

    const after = await TestClient.connect(arena.wsUrl);
    await roundTrip(after, 'after-protocol-errors');
    await after.close();
  });
});
