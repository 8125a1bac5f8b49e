import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SuspiciousResponse } from '../../shared/admin.ts';
import type { VoteChoice } from '../../shared/protocol.ts';
import { mulberry32 } from '../hardening/helpers.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The suspicious-activity list on synthetic data: 40 sessions vote the way
 * people do (a few minutes apart, both sides, a few seconds to decide), and
 * one session stuffs: 60 votes four seconds apart, each for the same model,
 * decided in under a second. The stuffer is ranked first, for its session
 * and for its address; once its votes are voided it leaves the list.
 */

const MODELS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'];
const T0 = 1_750_000_000_000;
const MIN = 60_000;
let t: TestApp;
let stuffer: { session: string; address: string };
let seq = 0;

async function cast(
  session: string,
  address: string,
  at: number,
  pair: [string, string],
  choice: VoteChoice,
  decisionMs: number,
  flagged: string | null = null,
): Promise<string> {
  const id = `syn-${String(seq++).padStart(6, '0')}`;
  await t.store.createBattle(
    { id, sessionHash: session, mode: 'blind', modelA: pair[0], modelB: pair[1], createdAt: at - 30_000, flagged },
    'a prompt',
  );
  const fp = t.auth.hasher.fingerprint(address)!;
  await t.store.recordVote({
    battleId: id,
    choice,
    sessionHash: session,
    createdAt: at,
    decisionMs,
    countsForRatings: true,
    addressHash: fp.hash,
    addressPrefixes: fp.prefixes,
  });
  return id;
}

const hex64 = (n: number) => n.toString(16).padStart(64, '0');

beforeAll(async () => {
  t = await createTestApp({ endpoints: [], models: [] });
  // One transaction (each vote's own nests inside it): a thousand synchronous commits would time the disk, not the rule.
  t.db.exec('BEGIN');
  await seed();
  t.db.exec('COMMIT');
});

async function seed(): Promise<void> {
  const rand = mulberry32(2025);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  for (let s = 0; s < 40; s++) {
    const session = hex64(s + 1);
    const address = `10.${s}.${Math.floor(rand() * 250)}.${1 + Math.floor(rand() * 250)}`;
    let at = T0 + Math.floor(rand() * 7 * 24 * 60 * MIN);
    const votes = 10 + Math.floor(rand() * 21);
    for (let v = 0; v < votes; v++) {
      at += MIN + Math.floor(rand() * 5 * MIN);
      const a = pick(MODELS);
      const b = pick(MODELS.filter((m) => m !== a));
      const r = rand();
      const choice: VoteChoice = r < 0.42 ? 'a' : r < 0.84 ? 'b' : r < 0.94 ? 'tie' : 'both_bad';
      await cast(session, address, at, [a, b], choice, 4000 + Math.floor(rand() * 36_000));
    }
  }
  stuffer = { session: hex64(999), address: '203.0.113.66' };
  let at = T0 + 3 * 24 * 60 * MIN;
  for (let v = 0; v < 60; v++) {
    at += 4000;
    const other = pick(MODELS.filter((m) => m !== 'm1'));
    // m1 on either side, and always the winner: the side varies, the model does not.
    const m1First = rand() < 0.5;
    await cast(
      stuffer.session,
      stuffer.address,
      at,
      m1First ? ['m1', other] : [other, 'm1'],
      m1First ? 'a' : 'b',
      600 + Math.floor(rand() * 300),
    );
  }
  await cast(hex64(1), '10.0.0.1', T0 + 60 * MIN, ['m2', 'm3'], 'a', 9000, 'side A named its maker');
}

afterAll(() => t?.close());

async function suspicious(): Promise<SuspiciousResponse> {
  const res = await t.app.request('/api/admin/suspicious');
  expect(res.status).toBe(200);
  return SuspiciousResponse.parse(await res.json());
}

describe('suspicious activity', () => {
  it('ranks the stuffing session and its address first, flagged, with the reasons', async () => {
    const body = await suspicious();
    expect(body.rule).toEqual({ minVotes: 10, threshold: 3.5, since: null });
    expect(body.compared).toEqual({ session: 41, user: 0, address: 41 });
    const sessions = body.groups.filter((g) => g.kind === 'session');
    expect(sessions[0]).toMatchObject({ key: stuffer.session, votes: 60, flagged: true, peakPer10Min: 60 });
    expect(sessions[0]!.topModel).toMatchObject({ model: 'm1', winShare: 1, battles: 60 });
    expect(sessions[0]!.reasons.join('; ')).toMatch(/60 votes within 10 minutes .*m1 won 100% of its 60 battles.*median decision/);
    const addresses = body.groups.filter((g) => g.kind === 'address');
    expect(addresses[0]).toMatchObject({ key: t.auth.hasher.fingerprint(stuffer.address)!.hash, flagged: true });
    // The rule is about standing out: the honest sessions, whatever their luck, mostly do not.
    expect(sessions.slice(1).filter((g) => g.flagged).length).toBeLessThanOrEqual(2);
    expect(sessions[0]!.score).toBeGreaterThan(2 * sessions[1]!.score);
  });

  it('lists battles flagged for self-identification', async () => {
    const { flaggedBattles } = await suspicious();
    expect(flaggedBattles).toEqual([
      expect.objectContaining({ flagged: 'side A named its maker', choice: 'a', voided: false, modelA: 'm2' }) as unknown,
    ]);
  });

  it('drops a group once its votes are voided', async () => {
    const res = await t.app.request('/api/admin/voids', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scope: { kind: 'session', sessionHash: stuffer.session }, reason: 'stuffing' }),
    });
    expect(res.status).toBe(201);
    const body = await suspicious();
    expect(body.groups.some((g) => g.key === stuffer.session)).toBe(false);
    expect(body.compared.session).toBe(40);
  });
});
