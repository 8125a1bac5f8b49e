import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeaderboardResponse } from '../../shared/api.ts';
import { CategoriesResponse, CategoryLeaderboardResponse, SpeedChartsResponse } from '../../shared/category-api.ts';
import type { CleanBattle, CleanWinner } from '../../shared/clean-battle.ts';
import type { SideMetrics } from '../../shared/metrics.ts';
import { Mulberry32 } from '../../server/ratings/mulberry32.ts';
import { csvCell } from '../../server/leaderboard/leaderboard-csv.ts';
import { metrics } from '../db/store-fixtures.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Boards by category, style and speed control, the CSV export and the speed
 * charts, through app.request() on imported battles (classified and styled by
 * the start-up job, as after an upgrade).
 *
 * - coding prompts: `coder` beats the three general models three times in four; creative prompts: `poet` beats `coder`;
 * - general prompts between `verbose`, `even-a`, `even-b`, all equally
 *   strong, where the longer answer wins more often (logit = 1.6 × the
 *   normalised length difference) and `verbose` writes three times as much:
 *   the plain board puts it on top, style control should not;
 * - half a second of TTFT and a speed for every answer except every fifth
 *   battle's side B (speed control leaves those out).
 */

const CODING = 'Fix this TypeScript function: `const f = (xs: number[]) => xs.map((x) => x * 2)` #refactor';
const CREATIVE = 'Write a short poem about autumn leaves falling in the park';

let t: TestApp;
let n = 0;
const rng = new Mulberry32(2025);

function speed(k: number, side: 'a' | 'b'): SideMetrics {
  if (side === 'b' && k % 5 === 0) return metrics({ ttftMs: null, outputTokensPerSecond: null, speedNote: 'too_few_tokens' });
  return metrics({ ttftMs: 300 + 400 * rng.uniform(), outputTokensPerSecond: 20 + 60 * rng.uniform() });
}

function battle(prompt: string, a: string, b: string, winner: CleanWinner, answers: [string, string]): CleanBattle {
  const k = ++n;
  return {
    question_id: `q${k}`,
    model_a: a,
    model_b: b,
    winner,
    conversation_a: [
      { role: 'user', content: prompt },
      { role: 'assistant', content: answers[0] },
    ],
    conversation_b: [
      { role: 'user', content: prompt },
      { role: 'assistant', content: answers[1] },
    ],
    turn: 1,
    anony: true,
    tstamp: 1_700_000_000 + k,
    versus: {
      battle_id: `category-battle-${String(k).padStart(5, '0')}`,
      mode: 'blind',
      counts_for_ratings: true,
      flagged: null,
      decision_ms: null,
      measurements: [{ a: speed(k, 'a'), b: speed(k, 'b') }],
      status: [{ a: 'finished', b: 'finished' }],
    },
  };
}

const words = (count: number) => Array.from({ length: count }, (_, i) => `word${i % 17}`).join(' ');

function dataset(): CleanBattle[] {
  const out: CleanBattle[] = [];
  for (let i = 0; i < 42; i++) {
    // The coder meets each of the three general models equally often, and wins three in four.
    const other = ['verbose', 'even-a', 'even-b'][i % 3]!;
    const coderWins = i % 4 !== 3;
    out.push(battle(CODING, 'coder', other, coderWins ? 'model_a' : 'model_b', ['x', 'y']));
  }
  for (let i = 0; i < 40; i++) out.push(battle(CREATIVE, 'poet', 'coder', i % 8 === 0 ? 'model_b' : 'model_a', ['leaves', 'fall']));
  const general = ['verbose', 'even-a', 'even-b'];
  for (let i = 0; i < 600; i++) {
    const a = general[i % 3]!;
    const b = general[(i + 1 + (i % 2)) % 3]!;
    const len = (m: string) => Math.round((m === 'verbose' ? 300 : 100) * (0.5 + rng.uniform()));
    const [la, lb] = [len(a), len(b)];
    const z = (la - lb) / (la + lb + 1);
    const winner: CleanWinner = rng.uniform() < 1 / (1 + Math.exp(-1.6 * z * 3)) ? 'model_a' : 'model_b';
    out.push(battle('Tell me about the history of the bicycle', a, b, winner, [words(la / 6), words(lb / 6)]));
  }
  out.push(battle('Is =SUM(A1) a formula?', '=HYPERLINK("http://x")', 'even-a', 'tie', ['no', 'yes']));
  return out;
}

const DATA = dataset();

beforeAll(async () => {
  t = await createTestApp({ endpoints: [], models: [], ratings: { rounds: 60, seed: 11 } }, DATA);
}, 120_000);

afterAll(() => t?.close());

const json = async (path: string) => {
  const res = await t.app.request(path);
  expect(res.status, path).toBe(200);
  return (await res.json()) as unknown;
};

describe('boards by category', () => {
  it('counts votes per category, language and tag', async () => {
    const body = CategoriesResponse.parse(await json('/api/categories?mode=blind'));
    const votes = Object.fromEntries(body.categories.map((c) => [c.key, c.votes]));
    expect(votes).toMatchObject({ coding: 42, 'creative-writing': 40, math: 0, 'tag:refactor': 42 });
    expect(votes['lang:en']).toBeGreaterThan(600);
    expect(body.categories.slice(0, 5).map((c) => c.key)).toEqual(['coding', 'math', 'creative-writing', 'long-prompt', 'multi-turn']);
    expect(body.reclassifying).toBeNull();
    expect(CategoriesResponse.parse(await json('/api/categories?mode=named')).categories.every((c) => c.votes === 0)).toBe(true);
  });

  it('rates a category on its own votes: the coder leads coding, the poet creative writing', async () => {
    const coding = CategoryLeaderboardResponse.parse(await json('/api/leaderboard?category=coding'));
    expect(coding.category).toBe('coding');
    expect(coding.totalVotes).toBe(42);
    const codingRows = coding.rows.filter((r) => r.votes > 0);
    expect(codingRows.map((r) => r.modelId).sort()).toEqual(['coder', 'even-a', 'even-b', 'verbose']);
    expect(codingRows.find((r) => r.modelId === 'coder')!.wins).toBe(32);
    const creative = CategoryLeaderboardResponse.parse(await json('/api/leaderboard?category=creative-writing'));
    const rated = creative.rows.filter((r) => r.votes > 0);
    expect(rated.map((r) => r.modelId).sort()).toEqual(['coder', 'poet']);
    expect(rated.find((r) => r.modelId === 'poet')!.wins).toBe(35);
    const tag = CategoryLeaderboardResponse.parse(await json('/api/leaderboard?category=tag:refactor'));
    expect(tag.totalVotes).toBe(42);
    // Without ?category= nor ?control= the plain board answers, as before.
    const plain = LeaderboardResponse.parse(await json('/api/leaderboard'));
    expect(plain.totalVotes).toBe(DATA.length);
  });

  it('refuses a category it does not know, and a malformed one', async () => {
    for (const q of ['category=tag:nothing-has-this', 'category=lang:zz', 'category=cooking', 'category=tag:%3Dcmd', 'control=elegance']) {
      const res = await t.app.request(`/api/leaderboard?${q}`);
      expect(res.status, q).toBe(400);
    }
  });
});

describe('style and speed control', () => {
  it('style control takes back what the verbose model won by length alone', async () => {
    const body = CategoryLeaderboardResponse.parse(await json('/api/leaderboard?control=style'));
    const control = body.control!;
    expect(control.kind).toBe('style');
    expect(control.coefficients.map((c) => c.name)).toEqual(['length', 'headers', 'listItems', 'bold']);
    const length = control.coefficients[0]!;
    expect(length.ciLower!).toBeGreaterThan(0);
    expect(length.ciLower!).toBeLessThanOrEqual(length.value);
    expect(length.value).toBeLessThanOrEqual(length.ciUpper!);
    const plain = (m: string) => body.rows.find((r) => r.modelId === m)!.rating!;
    const controlled = (m: string) => control.models.find((r) => r.model === m)!;
    // Plain: verbose clearly above the two equally strong models; controlled: back among them.
    expect(plain('verbose') - (plain('even-a') + plain('even-b')) / 2).toBeGreaterThan(60);
    const v = controlled('verbose');
    const evenMean = (controlled('even-a').rating! + controlled('even-b').rating!) / 2;
    expect(v.ciLower!).toBeLessThanOrEqual(evenMean + 5);
    expect(v.rating! - evenMean).toBeLessThan((plain('verbose') - (plain('even-a') + plain('even-b')) / 2) / 2);
  });

  it('speed control fits TTFT and output speed, leaving out battles with a missing figure', async () => {
    const body = CategoryLeaderboardResponse.parse(await json('/api/leaderboard?control=speed'));
    const control = body.control!;
    expect(control.coefficients.map((c) => c.name)).toEqual(['ttft', 'outputSpeed']);
    for (const c of control.coefficients) expect(c.ciLower).not.toBeNull();
    // Every fifth battle's side B has no figures.
    expect(control.dropped).toBe(Math.floor(DATA.length / 5));
    expect(control.models.filter((m) => !m.provisional).every((m) => m.ciLower! <= m.rating! && m.rating! <= m.ciUpper!)).toBe(true);
  });

  it('controls within a category', async () => {
    const body = CategoryLeaderboardResponse.parse(await json('/api/leaderboard?category=coding&control=style'));
    expect(body.control!.battles + body.control!.dropped).toBe(42);
    expect(body.control!.models.map((m) => m.model)).toEqual(['coder', 'even-a', 'even-b', 'verbose']);
  });
});

describe('GET /api/leaderboard.csv', () => {
  it('exports the board as CSV, one row per model, with formula-safe cells', async () => {
    const res = await t.app.request('/api/leaderboard.csv?control=style');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="versus-leaderboard-blind-style.csv"');
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^rank_ub,model_id,label,organisation,rating,ci_lower,ci_upper,.*,style_controlled_rating,/);
    expect(lines).toHaveLength(1 + 6);
    const injected = lines.find((l) => l.includes('HYPERLINK'))!;
    expect(injected.startsWith(`,"'=HYPERLINK(""http://x"")","'=HYPERLINK(""http://x"")",unknown,`)).toBe(true);
    const coding = await (await t.app.request('/api/leaderboard.csv?category=coding')).text();
    expect(
      coding
        .trimEnd()
        .split('\r\n')
        .filter((l) => /,coder,/.test(l)),
    ).toHaveLength(1);
    expect((await t.app.request('/api/leaderboard.csv?category=cooking')).status).toBe(400);
  });

  it('neutralises every formula lead character and keeps numbers as numbers', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'].map(csvCell)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", `"'\rx"`]);
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell(null)).toBe('');
  });
});

describe('GET /api/speed-charts', () => {
  it('gives TTFT, speed and cost spreads per model, speed over time, and the cost histogram', async () => {
    const body = SpeedChartsResponse.parse(await json('/api/speed-charts'));
    expect(body.answers).toBe(2 * DATA.length);
    const verbose = body.models.find((m) => m.modelId === 'verbose')!;
    expect(verbose.ttftMs!.p10).toBeLessThanOrEqual(verbose.ttftMs!.median);
    expect(verbose.ttftMs!.median).toBeLessThanOrEqual(verbose.ttftMs!.p90);
    expect(verbose.ttftMs!.p10).toBeGreaterThanOrEqual(300);
    expect(verbose.ttftMs!.p90).toBeLessThanOrEqual(700);
    expect(body.speedOverTime.find((s) => s.modelId === 'verbose')!.points.length).toBeGreaterThan(0);
    expect(body.costHistogram.reduce((s, b) => s + b.answers, 0)).toBe(2 * DATA.length);
  });
});
