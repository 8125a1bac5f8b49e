import { describe, expect, it } from 'vitest';
import { LIMITS, type Side } from '../../shared/protocol.ts';
import {
  acceptVote,
  checkOwner,
  endSide,
  flag,
  markVoted,
  NO_ANSWER,
  openBattle,
  retrySide,
  runningSides,
  startTurn,
  type Battle,
} from '../../server/arena/battle.ts';
import { isRefusal, type Refusal } from '../../server/arena/refusal.ts';
import { restoreBattle } from '../../server/arena/restore-battle.ts';
import type { SideOutcome } from '../../server/arena/run-side.ts';
import type { BattleWithDetails, ResponseRecord } from '../../db/battle-store.ts';

/** The battle rules with no socket, server, store or clock: each case is a few pure calls. */

const both = { a: true, b: true };
const metrics = {
  ttftMs: 10,
  latencyMs: 100,
  decodeMs: 90,
  outputTokensPerSecond: 50,
  inputTokens: 5,
  outputTokens: 6,
  cachedInputTokens: null,
  costUsd: 0.001,
  estimated: { inputTokens: false, outputTokens: false },
};

function outcome(status: SideOutcome['status'] = 'finished', text = 'an answer'): SideOutcome {
  return {
    status,
    text,
    finishReason: status === 'finished' ? { unified: 'stop', raw: 'stop' } : null,
    error:
      status === 'error' ? { kind: 'server', message: 'boom' } : status === 'cancelled' ? { kind: 'cancelled', message: 'stopped' } : null,
    metrics,
  };
}

function fresh(prompt = 'Hello'): Battle {
  return openBattle({ id: 'b1', sessionHash: 'me', mode: 'blind', models: { a: 'm1', b: 'm2' }, createdAt: 1 }, prompt);
}

function ok<T>(v: T | Refusal): T {
  if (isRefusal(v)) throw new Error(`refused: ${v.refused} ${v.message}`);
  return v;
}

function refusal(v: unknown): Refusal {
  if (!isRefusal(v)) throw new Error(`expected a refusal, got ${JSON.stringify(v)}`);
  return v;
}

/** Both sides of the latest turn end, A at t=100 and B at t=200. */
function ended(b: Battle, a = outcome(), bOut = outcome(), saved: Record<Side, boolean> = both): Battle {
  return ok(endSide(ok(endSide(b, 'a', a, saved.a, 100)), 'b', bOut, saved.b, 200));
}

describe('a new battle', () => {
  it('streams its first turn on both sides with the prompt as each side history', () => {
    const b = fresh('Hello');
    expect(b.phase).toBe('streaming');
    expect(b.turn).toBe(0);
    expect(runningSides(b)).toEqual(['a', 'b']);
    expect(b.history.a).toEqual([{ role: 'user', content: 'Hello' }]);
    expect(b.history.b).toEqual([{ role: 'user', content: 'Hello' }]);
  });
});

describe('a side ending', () => {
  it('keeps the battle streaming until the second side ends, which ends the turn at that time', () => {
    const half = ok(endSide(fresh(), 'b', outcome('finished', 'B says'), true, 50));
    expect(half.phase).toBe('streaming');
    expect(runningSides(half)).toEqual(['a']);
    expect(half.endedAt).toBeNull();
    const done = ok(endSide(half, 'a', outcome('finished', 'A says'), true, 75));
    expect(done.phase).toBe('ended');
    expect(done.endedAt).toBe(75);
    expect(runningSides(done)).toEqual([]);
    expect(done.history.a.at(-1)).toEqual({ role: 'assistant', content: 'A says' });
    expect(done.history.b.at(-1)).toEqual({ role: 'assistant', content: 'B says' });
  });

  it('leaves a placeholder in the history for an empty or failed answer, so the next turn stays coherent', () => {
    const done = ended(fresh(), outcome('error', ''), outcome());
    expect(done.history.a.at(-1)).toEqual({ role: 'assistant', content: NO_ANSWER });
  });

  it('makes the battle unsaved when either answer could not be stored', () => {
    expect(ended(fresh(), outcome(), outcome(), { a: true, b: false }).phase).toBe('unsaved');
    expect(ended(fresh(), outcome(), outcome(), { a: false, b: true }).phase).toBe('unsaved');
  });

  it('refuses a side that ends twice, or after the turn ended', () => {
    const half = ok(endSide(fresh(), 'a', outcome(), true, 1));
    expect(refusal(endSide(half, 'a', outcome(), true, 2)).refused).toBe('internal');
    expect(refusal(endSide(ended(fresh()), 'b', outcome(), true, 3)).refused).toBe('internal');
  });
});

describe('vote rules', () => {
  it('takes a vote once both sides finished, counting it, with the decision time from the turn end', () => {
    const v = ok(acceptVote(ended(fresh()), 1_200));
    expect(v.countsForRatings).toBe(true);
    expect(v.decisionMs).toBe(1_000);
    expect(v.battle.phase).toBe('voted');
  });

  it('refuses a vote while a side streams', () => {
    expect(refusal(acceptVote(fresh(), 5)).refused).toBe('not_votable');
    expect(refusal(acceptVote(ok(endSide(fresh(), 'a', outcome(), true, 1)), 5)).refused).toBe('not_votable');
  });

  it('keeps a vote on a failed or stopped side, but not for ratings', () => {
    expect(ok(acceptVote(ended(fresh(), outcome('error')), 300)).countsForRatings).toBe(false);
    expect(ok(acceptVote(ended(fresh(), outcome(), outcome('cancelled')), 300)).countsForRatings).toBe(false);
  });

  it('refuses a second vote', () => {
    const voted = ok(acceptVote(ended(fresh()), 300)).battle;
    expect(refusal(acceptVote(voted, 400)).refused).toBe('already_voted');
    expect(refusal(acceptVote(markVoted(ended(fresh())), 400)).refused).toBe('already_voted');
  });

  it('refuses a vote on a battle whose answer could not be saved', () => {
    const r = refusal(acceptVote(ended(fresh(), outcome(), outcome(), { a: true, b: false }), 300));
    expect(r.refused).toBe('storage');
    expect(r.message).toMatch(/could not be saved/);
  });

  it('refuses every session but the one that started it', () => {
    expect(checkOwner(fresh(), 'me')).toBeNull();
    expect(checkOwner(fresh(), 'someone else')?.refused).toBe('forbidden');
  });
});

describe('follow-up rules', () => {
  it('starts the next turn from an ended battle, each side continuing its own conversation', () => {
    const first = ended(fresh('Q1'), outcome('finished', 'A1'), outcome('finished', 'B1'));
    const next = ok(startTurn(first, 'Q2', both));
    expect(next.phase).toBe('streaming');
    expect(next.turn).toBe(1);
    expect(next.outcomes).toEqual({});
    expect(next.endedAt).toBeNull();
    expect(next.history.a.map((m) => m.content)).toEqual(['Q1', 'A1', 'Q2']);
    expect(next.history.b.map((m) => m.content)).toEqual(['Q1', 'B1', 'Q2']);
    // The previous state is not changed: the rules are pure.
    expect(first.history.a).toHaveLength(2);
  });

  it('refuses a follow-up while streaming, after the vote, and on an unsaved battle', () => {
    expect(refusal(startTurn(fresh(), 'x', both)).refused).toBe('busy');
    expect(refusal(startTurn(ok(acceptVote(ended(fresh()), 300)).battle, 'x', both)).refused).toBe('already_voted');
    expect(refusal(startTurn(ended(fresh(), outcome(), outcome(), { a: false, b: true }), 'x', both)).refused).toBe('storage');
  });

  it(`allows ${LIMITS.turnsPerBattle} turns and refuses the next`, () => {
    let b = ended(fresh());
    for (let t = 1; t < LIMITS.turnsPerBattle; t++) b = ended(ok(startTurn(b, `Q${t}`, both)));
    expect(b.turn).toBe(LIMITS.turnsPerBattle - 1);
    expect(refusal(startTurn(b, 'one more', both)).refused).toBe('limit');
  });

  it('refuses a follow-up when a side model is no longer available, naming the side', () => {
    const r = refusal(startTurn(ended(fresh()), 'x', { a: true, b: false }));
    expect(r.refused).toBe('no_models');
    expect(r.message).toMatch(/side B/);
  });

  it('goes on after a failed side: a provider fault is not a storage fault', () => {
    expect(ok(startTurn(ended(fresh(), outcome('error')), 'x', both)).phase).toBe('streaming');
  });
});

describe('flagging', () => {
  it('keeps the first reason', () => {
    const b = flag(flag(fresh(), 'side A named itself'), 'side B named itself');
    expect(b.flagged).toBe('side A named itself');
  });
});

describe('a battle restored from storage', () => {
  const response = (turn: number, side: Side, text: string): ResponseRecord => ({
    battleId: 'b1',
    turn,
    side,
    modelId: side === 'a' ? 'm1' : 'm2',
    ...outcome('finished', text),
    endedAt: 0,
  });
  const stored = (responses: ResponseRecord[], voted = false): BattleWithDetails => ({
    battle: { id: 'b1', sessionHash: 'me', mode: 'named', modelA: 'm1', modelB: 'm2', createdAt: 1, flagged: null },
    turns: [
      { battleId: 'b1', turn: 0, prompt: 'Q1', createdAt: 1 },
      { battleId: 'b1', turn: 1, prompt: 'Q2', createdAt: 2 },
    ],
    responses,
    vote: voted ? { battleId: 'b1', choice: 'a', sessionHash: 'me', createdAt: 3, decisionMs: 5, countsForRatings: true } : null,
  });

  it('is ended with its conversation rebuilt, and takes a vote with no decision time (this process never saw it end)', () => {
    const b = restoreBattle(stored([response(0, 'a', 'A1'), response(0, 'b', ''), response(1, 'a', 'A2'), response(1, 'b', 'B2')]));
    expect(b.phase).toBe('ended');
    expect(b.turn).toBe(1);
    expect(b.history.b.map((m) => m.content)).toEqual(['Q1', NO_ANSWER, 'Q2', 'B2']);
    expect(ok(acceptVote(b, 10)).decisionMs).toBeNull();
  });

  it('is unsaved when its latest turn lacks an answer, and voted when it has a vote', () => {
    expect(restoreBattle(stored([response(0, 'a', 'A1'), response(0, 'b', 'B1'), response(1, 'a', 'A2')])).phase).toBe('unsaved');
    expect(
      restoreBattle(stored([response(0, 'a', 'A1'), response(0, 'b', 'B1'), response(1, 'a', 'A2'), response(1, 'b', 'B2')], true)).phase,
    ).toBe('voted');
  });
});

describe('battle totals', () => {
  it('sum every ended answer per side, and an unknown figure makes its sum unknown', () => {
    const two = ended(ok(startTurn(ended(fresh()), 'Q2', both)));
    expect(two.totals.a).toEqual({ answers: 2, inputTokens: 10, outputTokens: 12, costUsd: 0.002, latencyMs: 200, estimated: false });
    const unknownCost = { ...outcome(), metrics: { ...metrics, costUsd: null, estimated: { inputTokens: true, outputTokens: false } } };
    const mixed = ended(ok(startTurn(ended(fresh()), 'Q2', both)), unknownCost);
    expect(mixed.totals.a).toMatchObject({ answers: 2, outputTokens: 12, costUsd: null, estimated: true });
    expect(mixed.totals.b.costUsd).toBe(0.002);
  });

  it('are rebuilt from storage for a restored battle', () => {
    const b = restoreBattle({
      battle: { id: 'b1', sessionHash: 'me', mode: 'named', modelA: 'm1', modelB: 'm2', createdAt: 1, flagged: null },
      turns: [0, 1].map((turn) => ({ battleId: 'b1', turn, prompt: `Q${turn}`, createdAt: 1 })),
      responses: [0, 1].flatMap((turn) =>
        (['a', 'b'] as const).map((side) => ({ battleId: 'b1', turn, side, modelId: 'm', ...outcome(), endedAt: 0 })),
      ),
      vote: null,
    });
    expect(b.totals.b).toMatchObject({ answers: 2, outputTokens: 12, latencyMs: 200 });
  });
});

describe('retry rules', () => {
  it('runs a failed side again with its conversation, keeping the other side', () => {
    const failed = ended(fresh('Q'), outcome('error', ''), outcome('finished', 'B'));
    const again = ok(retrySide(failed, 'a', true));
    expect(again.phase).toBe('streaming');
    expect(runningSides(again)).toEqual(['a']);
    expect(again.outcomes.b?.text).toBe('B');
    // The failed answer left the conversation: the retried request is the same as the first.
    expect(again.history.a).toEqual([{ role: 'user', content: 'Q' }]);
    const done = ok(endSide(again, 'a', outcome('finished', 'A'), true, 500));
    expect(done.phase).toBe('ended');
    expect(ok(acceptVote(done, 600)).countsForRatings).toBe(true);
  });

  it('also runs a stopped side again', () => {
    expect(ok(retrySide(ended(fresh(), outcome(), outcome('cancelled')), 'b', true)).phase).toBe('streaming');
  });

  it('refuses a finished side, a streaming, voted or unsaved battle, and a model gone', () => {
    expect(refusal(retrySide(ended(fresh()), 'a', true)).refused).toBe('bad_message');
    expect(refusal(retrySide(fresh(), 'a', true)).refused).toBe('busy');
    const failedThenVoted = ok(acceptVote(ended(fresh(), outcome('error')), 1)).battle;
    expect(refusal(retrySide(failedThenVoted, 'a', true)).refused).toBe('already_voted');
    expect(refusal(retrySide(ended(fresh(), outcome('error'), outcome(), { a: true, b: false }), 'a', true)).refused).toBe('storage');
    expect(refusal(retrySide(ended(fresh(), outcome('error')), 'a', false)).refused).toBe('no_models');
  });
});

describe('one model on both sides', () => {
  it('takes a vote that stays out of the ratings, saying why', () => {
    const self = openBattle(
      {
        id: 'b2',
        sessionHash: 'me',
        mode: 'named',
        models: { a: 'm1', b: 'm1' },
        settings: { a: { temperature: 0 }, b: { temperature: 1.2 } },
        createdAt: 1,
      },
      'Q',
    );
    expect(self.settings.b).toEqual({ temperature: 1.2 });
    const v = ok(acceptVote(ended(self), 300));
    expect(v).toMatchObject({ countsForRatings: false, notCountedBecause: 'same_model' });
    expect(ok(acceptVote(ended(fresh(), outcome('error')), 300)).notCountedBecause).toBe('side_not_finished');
    expect(ok(acceptVote(ended(fresh()), 300)).notCountedBecause).toBeNull();
  });
});
