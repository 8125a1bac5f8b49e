import { matching } from '../helpers/match.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderErrorKind } from '../../shared/provider-error.ts';
import { startFakeAnthropic } from '../helpers/fake-anthropic-server.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { sessionCookie } from '../helpers/battle-steps.ts';
import { GENEROUS_LIMITS } from './helpers.ts';

/**
 * Provider faults through the whole server (SDK → adapter → timeouts →
 * arena → websocket → database): each fault on one side while the other side
 * completes normally in the same battle.
 */

const GOOD = ['The', ' other', ' side', ' is', ' fine', '.'];
const PARTIAL = ['Half', ' an', ' answer'];

let openai: FakeServer;
let anthropic: FakeServer;
let arena: TestArena;

beforeAll(async () => {
  openai = await startFakeOpenAI({
    models: {
      good: { tokens: GOOD, firstTokenMs: 20, intervalMs: 20 },
      unauthorized: { httpError: { status: 401 } },
      broken: { httpError: { status: 500 } },
      overloaded: { httpError: { status: 529, message: 'The server is overloaded.' } },
      'midstream-error': { tokens: PARTIAL, intervalMs: 5, end: { type: 'error-event', message: 'Internal failure mid-stream' } },
      'slow-start': { tokens: ['late'], firstTokenMs: 20_000 },
      stalls: { tokens: PARTIAL, intervalMs: 5, end: { type: 'stall' } },
      drops: { tokens: PARTIAL, intervalMs: 5, end: { type: 'drop' } },
    },
  });
  anthropic = await startFakeAnthropic({
    models: {
      'claude-overloaded': { httpError: { status: 529, errorType: 'overloaded_error', message: 'Overloaded' } },
      'claude-good': { tokens: GOOD, firstTokenMs: 20, intervalMs: 20 },
    },
  });
  const m = (id: string, endpoint = 'fake') => testModel(id, endpoint, id);
  arena = await startTestArena(
    {
      limits: GENEROUS_LIMITS,
      endpoints: [
        { id: 'fake', kind: 'openai', baseURL: openai.baseURL },
        // Same server, tight timeouts: first text within 400 ms, then never 400 ms of silence.
        { id: 'fake-tight', kind: 'openai', baseURL: openai.baseURL, firstTokenTimeoutMs: 400, idleTimeoutMs: 400 },
        { id: 'fake-anthropic', kind: 'anthropic', baseURL: anthropic.baseURL, apiKeyEnv: 'FAKE_ANTHROPIC_KEY' },
      ],
      models: [
        m('good'),
        m('unauthorized'),
        m('broken'),
        m('overloaded'),
        m('midstream-error'),
        m('slow-start', 'fake-tight'),
        m('stalls', 'fake-tight'),
        m('drops'),
        m('claude-overloaded', 'fake-anthropic'),
        m('claude-good', 'fake-anthropic'),
      ],
    },
    { env: { FAKE_ANTHROPIC_KEY: 'sk-ant-test-0123456789' } },
  );
});

afterAll(async () => {
  await arena?.close();
  await openai?.close();
  await anthropic?.close();
});

interface Case {
  model: string;
  good: string;
  kind: ProviderErrorKind;
  status?: number;
  message: RegExp;
  /** Text the failing side had streamed before the fault. */
  partial: string;
  /** The upstream request must have been closed by Versus (timeouts), not by the provider. */
  upstreamAborted?: boolean;
}

const CASES: Case[] = [
  { model: 'unauthorized', good: 'good', kind: 'auth', status: 401, message: /rejected the credentials \(HTTP 401\)/, partial: '' },
  { model: 'broken', good: 'claude-good', kind: 'server', status: 500, message: /server error \(HTTP 500\)/, partial: '' },
  { model: 'overloaded', good: 'good', kind: 'overloaded', status: 529, message: /overloaded \(HTTP 529\)/, partial: '' },
  { model: 'claude-overloaded', good: 'good', kind: 'overloaded', status: 529, message: /overloaded/, partial: '' },
  { model: 'midstream-error', good: 'good', kind: 'server', message: /mid-stream/, partial: PARTIAL.join('') },
  { model: 'slow-start', good: 'claude-good', kind: 'timeout', message: /first-token timeout/, partial: '', upstreamAborted: true },
  { model: 'stalls', good: 'good', kind: 'timeout', message: /idle timeout/, partial: PARTIAL.join(''), upstreamAborted: true },
  { model: 'drops', good: 'good', kind: 'network', message: /dropped mid-stream/, partial: PARTIAL.join('') },
];

describe('provider faults through the whole server', () => {
  it.each(CASES)('$model → $kind on one side, the other side finishes', async (c) => {
    const client = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    for (const [faulty, fine] of [
      ['a', 'b'],
      ['b', 'a'],
    ] as const) {
      const requestId = `${c.model}-${faulty}`;
      const models = faulty === 'a' ? { a: c.model, b: c.good } : { a: c.good, b: c.model };
      const upstreamBefore = openai.chatRequests.filter((r) => r.model === c.model).length;
      client.send({ type: 'start', mode: 'named', models, prompt: 'Tell me something', requestId });
      const { battleId } = await client.next('battle-started', (m) => m.requestId === requestId);
      const turnEnded = await client.next('turn-ended', (m) => m.battleId === battleId);
      expect(turnEnded.votable).toBe(true);

      const ended = client.all('side-ended').filter((m) => m.battleId === battleId);
      const bad = ended.find((m) => m.side === faulty)!;
      const good = ended.find((m) => m.side === fine)!;
      expect(bad.status).toBe('error');
      expect(bad.error).toMatchObject({ kind: c.kind, message: matching(c.message) });
      if (c.status !== undefined) expect(bad.error!.status).toBe(c.status);
      expect(client.textOf(battleId, faulty)).toBe(c.partial);
      expect(good).toMatchObject({ status: 'finished', error: null });
      expect(client.textOf(battleId, fine)).toBe(GOOD.join(''));

      // Stored as it happened: the fault with its kind and partial text, the good answer whole.
      const stored = (await arena.server.store.getBattle(battleId))!.responses;
      const storedBad = stored.find((r) => r.side === faulty)!;
      expect(storedBad).toMatchObject({ status: 'error', text: c.partial, error: { kind: c.kind } });
      expect(storedBad.error!.raw ?? '').not.toMatch(/sk-ant-test/);
      expect(stored.find((r) => r.side === fine)).toMatchObject({ status: 'finished', text: GOOD.join('') });

      if (c.upstreamAborted) {
        const upstream = openai.chatRequests.filter((r) => r.model === c.model)[upstreamBefore]!;
        expect(await upstream.settled).toBe('aborted');
      }

      // A vote is taken, and kept out of ratings: a provider fault says nothing about answer quality.
      client.send({ type: 'vote', battleId, choice: fine, requestId: `vote-${requestId}` });
      expect((await client.next('vote-recorded', (m) => m.requestId === `vote-${requestId}`)).countsForRatings).toBe(false);
    }
    await client.close();
  });

  it('handles two different faults on both sides of one battle', async () => {
    const client = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    client.send({ type: 'start', mode: 'named', models: { a: 'unauthorized', b: 'drops' }, prompt: 'x', requestId: 'double' });
    const { battleId } = await client.next('battle-started', (m) => m.requestId === 'double');
    await client.next('turn-ended', (m) => m.battleId === battleId);
    const ended = client.all('side-ended').filter((m) => m.battleId === battleId);
    expect(ended.map((m) => [m.side, m.status, m.error?.kind]).sort()).toEqual([
      ['a', 'error', 'auth'],
      ['b', 'error', 'network'],
    ]);
    await client.close();
  });
});
