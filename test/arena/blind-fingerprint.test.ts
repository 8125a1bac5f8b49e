import { notMatching } from '../helpers/match.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage, Side } from '../../shared/protocol.ts';
import { sessionCookie } from '../helpers/battle-steps.ts';
import { startFakeAnthropic } from '../helpers/fake-anthropic-server.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import type { FakeScript } from '../helpers/fake-script.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { GENEROUS_LIMITS } from '../hardening/helpers.ts';

/**
 * Everything a blind client receives before its vote, over many battles
 * between two fixed models on two different providers that send the same
 * answer text with the same timing, but each in its own way: OpenAI's
 * `stop` vs Anthropic's `end_turn`, different input and output token counts
 * (each wraps and tokenizes differently), usage reported or not, and error
 * texts that name the model. Apart from timing (how fast a model answers is
 * its own behaviour, shown on purpose) nothing received may tell the two
 * apart: for each model the set of views is the same, so no classifier can
 * beat chance.
 */

const BATTLES = 16;
const TOKENS = ['The', ' answer', ' is', ' forty', '-two', '.'];
const same: FakeScript = { tokens: TOKENS, firstTokenMs: 30, intervalMs: 5 };

/**
 * Fields that carry time: the model's own speed, left in the view on purpose
 * and compared by presence only. A live frame's chunk count is one of them: it
 * counts what has arrived by the moment the frame goes out.
 */
const TIMING = new Set([
  'ttftMs',
  'latencyMs',
  'decodeMs',
  'outputTokensPerSecond',
  'elapsedMs',
  'tokensPerSecondEstimate',
  'outputTokensEstimate',
]);

let openai: FakeServer;
let anthropic: FakeServer;
let arena: TestArena;

beforeAll(async () => {
  openai = await startFakeOpenAI({
    models: {
      'gpt-x': { ...same, usage: { inputTokens: 27, outputTokens: 6 } },
      'gpt-x-quiet': { ...same, usageMode: 'none' },
      'gpt-x-limited': {
        httpError: { status: 429, headers: { 'retry-after': '7' }, message: 'Rate limit reached for gpt-x-limited in organization org-1' },
      },
    },
  });
  anthropic = await startFakeAnthropic({
    models: {
      'claude-x': { ...same, usage: { inputTokens: 50, cachedInputTokens: 8, outputTokens: 9 } },
      'claude-x-limited': {
        httpError: {
          status: 429,
          headers: { 'retry-after': '31' },
          message: 'Number of request tokens has exceeded your rate limit for claude-x-limited',
        },
      },
    },
  });
  arena = await startTestArena({
    limits: GENEROUS_LIMITS,
    endpoints: [
      { id: 'oa', kind: 'openai', baseURL: openai.baseURL },
      { id: 'an', kind: 'anthropic', baseURL: anthropic.baseURL },
    ],
    models: [
      testModel('gpt-x', 'oa', 'gpt-x', { organisation: 'OpenAI', label: 'GPT X', pricing: { inputPerMTok: 0.1, outputPerMTok: 0.4 } }),
      testModel('claude-x', 'an', 'claude-x', {
        organisation: 'Anthropic',
        label: 'Claude X',
        pricing: { inputPerMTok: 1, outputPerMTok: 5 },
      }),
    ],
  });
});

afterAll(async () => {
  await arena?.close();
  await openai?.close();
  await anthropic?.close();
});

type View = { text: string; ended: unknown; other: unknown[] };

/** One side's pre-vote view: its text, its side-ended frame and any other frame naming it, with timing values replaced by their type. */
function viewOf(frames: ServerMessage[], side: Side): View {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => k !== 'battleId' && k !== 'requestId')
          .map(([k, x]) => [k, TIMING.has(k) ? 'timing' : strip(x)]),
      );
    }
    return v;
  };
  const mine = frames.filter((f) => 'side' in f && f.side === side);
  return {
    text: mine.flatMap((f) => (f.type === 'delta' ? [f.text] : [])).join(''),
    ended: strip(mine.find((f) => f.type === 'side-ended')),
    // Live frames only carry timing and the streamed chunk count; their number depends on timing, so their shape is compared.
    other: [...new Set(mine.filter((f) => f.type !== 'delta' && f.type !== 'side-ended').map((f) => JSON.stringify(strip(f))))].sort(),
  };
}

async function blindViews(models: [string, string]): Promise<Map<string, Set<string>>> {
  const seen = new Map<string, Set<string>>(models.map((m) => [m, new Set()]));
  const client = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
  for (let i = 0; i < BATTLES; i++) {
    const requestId = `fp-${i}`;
    const from = client.received.length;
    client.send({ type: 'start', mode: 'blind', prompt: 'What is the answer?', requestId });
    const { battleId } = await client.next('battle-started', (m) => m.requestId === requestId);
    await client.next('turn-ended', (m) => m.battleId === battleId);
    const frames = client.received
      .slice(from)
      .map((r) => r.msg)
      .filter((m) => !('battleId' in m) || m.battleId === battleId);
    const battle = (await arena.server.store.getBattle(battleId))!.battle;
    for (const side of ['a', 'b'] as const) {
      seen.get(side === 'a' ? battle.modelA : battle.modelB)!.add(JSON.stringify(viewOf(frames, side)));
    }
    // The battle-wide frames say nothing of either side (ids are random letters: they could spell anything).
    for (const f of frames.filter((m) => !('side' in m))) {
      const { battleId: _b, requestId: _r, ...rest } = f as { battleId?: string; requestId?: string };
      expect(JSON.stringify(rest)).not.toMatch(/gpt|claude|openai|anthropic/i);
    }
  }
  await client.close();
  return seen;
}

describe('a blind client before its vote', () => {
  it('cannot tell two providers apart when they send the same answer at the same pace', async () => {
    const seen = await blindViews(['gpt-x', 'claude-x']);
    const [gpt, claude] = [...seen.values()].map((s) => [...s].sort());
    // Each model drew both sides over the battles, and always looked exactly like the other.
    expect(gpt!.length).toBe(2);
    // Compared as text, so a difference shows as a readable diff.
    expect(gpt!.join('\n')).toBe(claude!.join('\n'));
    const view = JSON.parse(gpt![0]!) as View;
    expect(view.text).toBe(TOKENS.join(''));
    expect(view.ended).toMatchObject({ status: 'finished', finishReason: { unified: 'stop' }, error: null });
    expect(JSON.stringify(view.ended)).not.toMatch(/end_turn|"stop"[^}]*raw/);
  });

  it('is told the same things when one provider reports no usage at all', async () => {
    await arena.close();
    arena = await startTestArena({
      limits: GENEROUS_LIMITS,
      endpoints: [
        { id: 'oa', kind: 'openai', baseURL: openai.baseURL },
        { id: 'an', kind: 'anthropic', baseURL: anthropic.baseURL },
      ],
      models: [
        testModel('gpt-x-quiet', 'oa', 'gpt-x-quiet', { organisation: 'OpenAI', label: 'GPT X' }),
        testModel('claude-x', 'an', 'claude-x', { organisation: 'Anthropic', label: 'Claude X' }),
      ],
    });
    const seen = await blindViews(['gpt-x-quiet', 'claude-x']);
    expect([...seen.get('gpt-x-quiet')!].sort().join('\n')).toBe([...seen.get('claude-x')!].sort().join('\n'));
  });

  it('gets the same neutral error from both when each names its model, and the full text after the vote', async () => {
    await arena.close();
    arena = await startTestArena({
      limits: GENEROUS_LIMITS,
      endpoints: [
        { id: 'oa', kind: 'openai', baseURL: openai.baseURL },
        { id: 'an', kind: 'anthropic', baseURL: anthropic.baseURL },
      ],
      models: [
        testModel('gpt-x-limited', 'oa', 'gpt-x-limited', { organisation: 'OpenAI', label: 'GPT X' }),
        testModel('claude-x-limited', 'an', 'claude-x-limited', { organisation: 'Anthropic', label: 'Claude X' }),
      ],
    });
    const seen = await blindViews(['gpt-x-limited', 'claude-x-limited']);
    const [gpt, claude] = [[...seen.get('gpt-x-limited')!].sort(), [...seen.get('claude-x-limited')!].sort()];
    expect(gpt.join('\n')).toBe(claude.join('\n'));
    const ended = (JSON.parse(gpt[0]!) as View).ended as { error: { kind: string; message: string } };
    expect(ended.error).toEqual({ kind: 'rate_limit', message: notMatching(/gpt|claude|organi[sz]ation/i) });

    const client = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    client.send({ type: 'start', mode: 'blind', prompt: 'Anything', requestId: 'r' });
    const { battleId } = await client.next('battle-started', (m) => m.requestId === 'r');
    await client.next('turn-ended', (m) => m.battleId === battleId);
    client.send({ type: 'vote', battleId, choice: 'both_bad', requestId: 'v' });
    const vote = await client.next('vote-recorded', (m) => m.requestId === 'v');
    const revealed = [vote.reveal.a, vote.reveal.b].map((r) => r.error?.message ?? '').join(' ');
    expect(revealed).toMatch(/gpt-x-limited/);
    expect(revealed).toMatch(/claude-x-limited/);
    expect([vote.reveal.a.error?.retryAfterMs, vote.reveal.b.error?.retryAfterMs].sort()).toEqual([31_000, 7_000]);
    await client.close();
  });
});
