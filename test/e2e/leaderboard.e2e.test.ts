import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeaderboardResponse } from '../../shared/api.ts';
import { paretoFrontier } from '../../shared/pareto-frontier.ts';
import type { VoteChoice } from '../../shared/protocol.ts';
import { startFakeAnthropic } from '../helpers/fake-anthropic-server.ts';
import { startFakeOpenAI, type FakeServer } from '../helpers/fake-openai-server.ts';
import type { FakeScript } from '../helpers/fake-script.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { buildClientOnce, expectAccessible, launchBrowser, newPage, pageErrors, shot, SIZES, waitEnabled, waitPhase } from './browser.ts';

/**
 * The leaderboard and "A vs B" pages in Chromium, from battles run through
 * the real arena: most over the websocket (fast, and the outcome of each is
 * chosen by the test), one blind battle clicked through the page. The test
 * keeps its own tally of every vote, and the pages must agree with it.
 *
 * Four models, so the charts have something to show: Alpha (open weights,
 * $1.25/M blended), Beta (closed, $6/M), Tiny (open weights, free, an id with
 * ':' and '.') on the OpenAI-compatible fake, and Delta (closed, $0.75/M)
 * behind the Anthropic fake (a second provider to filter by).
 */

const TINY = 'tiny:q4.k';
/** Who tends to win: the stronger side wins 3 of every 6 votes in a pair, the weaker 1; 1 tie, 1 both bad. */
const STRENGTH: Record<string, number> = { alpha: 4, delta: 3, [TINY]: 2, beta: 1 };
const PATTERN = ['strong', 'strong', 'weak', 'strong', 'tie', 'bad'] as const;

/** Generic answers: an answer naming its own model or maker would be flagged and left out of blind ratings. */
const answer = (firstTokenMs: number, intervalMs: number): FakeScript => {
  const tokens = 'Here is a careful answer with a few useful points.'.match(/.{1,6}/g)!;
  return { tokens, firstTokenMs, intervalMs, usage: { inputTokens: 20, outputTokens: tokens.length } };
};

interface Cast {
  mode: 'blind' | 'named';
  modelA: string;
  modelB: string;
  choice: VoteChoice;
}

let openai: FakeServer;
let anthropic: FakeServer;
let arena: TestArena;
let config: Record<string, unknown>;
const ANTHROPIC_ENV = { FAKE_ANTHROPIC_KEY: 'sk-ant-e2e-key-0123456789' };
let browser: Browser;
const cast: Cast[] = [];
const pairCounter = new Map<string, number>();

function patternChoice(modelA: string, modelB: string): VoteChoice {
  const key = [modelA, modelB].sort().join('|');
  const k = pairCounter.get(key) ?? 0;
  pairCounter.set(key, k + 1);
  const outcome = PATTERN[k % PATTERN.length]!;
  if (outcome === 'tie') return 'tie';
  if (outcome === 'bad') return 'both_bad';
  const aStronger = STRENGTH[modelA]! > STRENGTH[modelB]!;
  return (outcome === 'strong') === aStronger ? 'a' : 'b';
}

let seq = 0;
async function wsBattle(
  client: TestClient,
  mode: 'blind' | 'named',
  choose: (a: string, b: string) => VoteChoice,
  models?: { a: string; b: string },
) {
  const requestId = `lb-${seq++}`;
  client.send({ type: 'start', mode, prompt: 'Give me three tips for a calm morning', requestId, ...(models ? { models } : {}) });
  const { battleId } = await client.next('battle-started', (m) => m.requestId === requestId);
  await client.next('turn-ended', (m) => m.battleId === battleId);
  const { modelA, modelB } = (await arena.server.store.getBattle(battleId))!.battle;
  const choice = choose(modelA, modelB);
  client.send({ type: 'vote', battleId, choice, requestId: `${requestId}-v` });
  await client.next('vote-recorded', (m) => m.requestId === `${requestId}-v`);
  cast.push({ mode, modelA, modelB, choice });
}

/** The test's own count of the votes between x and y in a board, x's wins first. */
function tally(x: string, y: string, mode: 'blind' | 'named' | 'all') {
  const r = { xWins: 0, yWins: 0, ties: 0, bothBad: 0 };
  for (const v of cast) {
    if (mode !== 'all' && v.mode !== mode) continue;
    const xIsA = v.modelA === x && v.modelB === y;
    if (!xIsA && !(v.modelA === y && v.modelB === x)) continue;
    if (v.choice === 'tie') r.ties++;
    else if (v.choice === 'both_bad') r.bothBad++;
    else if ((v.choice === 'a') === xIsA) r.xWins++;
    else r.yWins++;
  }
  return r;
}

beforeAll(async () => {
  await buildClientOnce();
  // Nine tokens 36–48 ms apart: a decode window over 250 ms, long enough for a published speed.
  openai = await startFakeOpenAI({ models: { alpha: answer(30, 38), beta: answer(80, 48), tiny: answer(15, 36) } });
  anthropic = await startFakeAnthropic({ models: { delta: answer(50, 42) } });
  config = {
    endpoints: [
      { id: 'fake', label: 'Fake Cloud', kind: 'openai', baseURL: openai.baseURL, includeUsage: true },
      { id: 'fake-anthropic', label: 'Fake Anthropic', kind: 'anthropic', baseURL: anthropic.baseURL, apiKeyEnv: 'FAKE_ANTHROPIC_KEY' },
    ],
    models: [
      testModel('alpha', 'fake', 'alpha', {
        label: 'Alpha',
        organisation: 'Alpha Labs',
        license: 'Apache-2.0',
        openWeights: true,
        contextWindow: 128_000,
        pricing: { inputPerMTok: 1, outputPerMTok: 2 },
      }),
      testModel('beta', 'fake', 'beta', {
        label: 'Beta',
        organisation: 'Beta Inc',
        license: 'Proprietary',
        openWeights: false,
        contextWindow: 200_000,
        maxOutputTokens: 8192,
        pricing: { inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3 },
      }),
      testModel(TINY, 'fake', 'tiny', {
        label: 'Tiny',
        organisation: 'Tiny Co',
        license: 'MIT',
        openWeights: true,
        contextWindow: 4096,
        pricing: { inputPerMTok: 0, outputPerMTok: 0 },
      }),
      testModel('delta', 'fake-anthropic', 'delta', {
        label: 'Delta',
        organisation: 'Delta AI',
        license: 'Proprietary',
        openWeights: false,
        contextWindow: 1_000_000,
        pricing: { inputPerMTok: 0.5, outputPerMTok: 1.5 },
      }),
    ],
    // About 18 blind votes per model: established from 5. The named board's 4 votes each stay provisional.
    ratings: { rounds: 200, seed: 7, provisionalVotes: 5 },
    limits: { battles: { burst: 500, perMinute: 6000 }, votes: { burst: 500, perMinute: 6000 } },
  };
  arena = await startTestArena(config, { env: ANTHROPIC_ENV });

  const client = await TestClient.connect(arena.wsUrl, { cookie: `versus_sid=${'E'.repeat(32)}` });
  // Blind battles between random pairs, decided by the pattern above.
  for (let i = 0; i < 36; i++) await wsBattle(client, 'blind', patternChoice);
  // Named battles: here Beta beats Alpha every time (a board of its own).
  for (let i = 0; i < 4; i++) await wsBattle(client, 'named', () => 'b', { a: 'alpha', b: 'beta' });
  await client.close();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await arena?.close();
  await openai?.close();
  await anthropic?.close();
});

async function open(hash: string, opts: BrowserContextOptions = {}): Promise<Page> {
  const page = await newPage(browser, opts);
  await page.goto(`${arena.server.url}/${hash}`);
  return page;
}

/** The board once the ratings on screen include every vote (the page reloads while they are stale). */
async function openBoard(hash = '#/leaderboard', opts: BrowserContextOptions = {}): Promise<Page> {
  const page = await open(hash, opts);
  await page.locator('table.leaderboard tbody tr').first().waitFor();
  await page.locator('[data-testid="stale-note"][data-stale="false"]').waitFor({ timeout: 20_000 });
  return page;
}

const rowIds = (page: Page) =>
  page.locator('table.leaderboard tbody tr[data-model-id]').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.modelId!));
const header = (page: Page, key: string) => page.locator(`table.leaderboard th[data-sort-key="${key}"]`);

async function blindLeaderboard(): Promise<LeaderboardResponse> {
  return LeaderboardResponse.parse(await (await fetch(`${arena.server.url}/api/leaderboard?mode=blind`)).json());
}

describe('leaderboard and head-to-head pages', () => {
  it('a blind battle voted through the page counts', async () => {
    const page = await open('#/');
    await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();
    const before = (await arena.server.store.ratedVotes()).length;
    await page.locator('#prompt').fill('What should I cook tonight?');
    await page.locator('#prompt').press('Enter');
    const pane = (side: 'a' | 'b') => page.locator('article.turn').last().locator(`[data-side="${side}"]`);
    for (const side of ['a', 'b'] as const) await waitPhase(pane(side), 'finished');
    const voteA = page.getByRole('button', { name: /A is better/ });
    await waitEnabled(voteA);
    await voteA.click();
    await page.getByTestId('reveal').waitFor();

    const votes = await arena.server.store.ratedVotes();
    expect(votes).toHaveLength(before + 1);
    const v = votes[votes.length - 1]!;
    expect(v).toMatchObject({ mode: 'blind', choice: 'a', countsForRatings: true, flagged: null });
    cast.push({ mode: 'blind', modelA: v.modelA, modelB: v.modelB, choice: 'a' });
    // Generic answers: nothing was flagged, so every blind vote counts.
    expect(votes.filter((x) => x.flagged !== null)).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('the board: every model with its rating and interval; sort, filters and charts', async () => {
    const page = await openBoard();
    const api = await blindLeaderboard();
    expect(api.totalVotes).toBe(cast.filter((c) => c.mode === 'blind').length);
    const ids = await rowIds(page);
    expect(ids.sort()).toEqual(['alpha', 'beta', 'delta', TINY].sort());

    // Rating as "1042 +18/−21", and the interval (with how it was made) in the title; all established, so ranked.
    for (const id of ids) {
      const cell = page.locator(`tr[data-model-id="${id}"] td[data-col="rating"]`);
      expect(await cell.textContent()).toMatch(/^\d{3,4} \+\d+\/−\d+$/);
      expect(await cell.locator('span').first().getAttribute('title')).toMatch(/^95% interval \d+–\d+ \(bootstrap\)$/);
      const row = api.rows.find((r) => r.modelId === id)!;
      expect(row.provisional).toBe(false);
      expect(await page.locator(`tr[data-model-id="${id}"] td[data-col="rank"]`).textContent()).toBe(String(row.rankUB));
      expect(await page.locator(`tr[data-model-id="${id}"] .badge-provisional`).count()).toBe(0);
      expect(await page.locator(`tr[data-model-id="${id}"] td[data-col="votes"]`).textContent()).toBe(String(row.votes));
      // Measured here: a median, with p90 and the sample count under it.
      expect(await page.locator(`tr[data-model-id="${id}"] td[data-col="ttft"]`).textContent()).toMatch(
        /^[\d.]+ m?sp90\s[\d.]+\sm?s\s· n=\d+$/,
      );
    }
    expect(await page.locator(`tr[data-model-id="${TINY}"] td[data-col="blended"]`).textContent()).toBe('free');
    expect(await page.locator('tr[data-model-id="beta"] td[data-col="blended"]').textContent()).toBe('$6.00');
    expect(await page.locator('tr[data-model-id="alpha"] td[data-col="license"]').textContent()).toBe('Apache-2.0open');
    expect(await page.locator('tr[data-model-id="delta"] td[data-col="context"]').textContent()).toBe('1M');
    await shot(page, '20-leaderboard');

    // Sort by blended price: cheapest first, then the other way.
    await header(page, 'blended').locator('button').click();
    expect(await header(page, 'blended').getAttribute('aria-sort')).toBe('ascending');
    expect(await rowIds(page)).toEqual([TINY, 'delta', 'alpha', 'beta']);
    await header(page, 'blended').locator('button').click();
    expect(await header(page, 'blended').getAttribute('aria-sort')).toBe('descending');
    expect(await rowIds(page)).toEqual(['beta', 'alpha', 'delta', TINY]);
    // From the keyboard: the rating header is a button; Enter sorts highest first.
    await header(page, 'rating').locator('button').focus();
    await page.keyboard.press('Enter');
    expect(await header(page, 'rating').getAttribute('aria-sort')).toBe('descending');
    expect(await header(page, 'blended').getAttribute('aria-sort')).toBeNull();
    const byRating = [...api.rows].sort((x, y) => y.rating! - x.rating!).map((r) => r.modelId);
    expect(await rowIds(page)).toEqual(byRating);

    // Charts: one interval per model, one point per priced model, frontier, a 4×4 heatmap.
    const intervals = page.getByTestId('chart-intervals');
    expect(await intervals.locator('svg[role="img"]').getAttribute('aria-label')).toMatch(/^Ratings with 95% intervals, highest first:/);
    expect(await intervals.locator('svg title').first().textContent()).toBe('Ratings with 95% intervals');
    expect(await intervals.locator('.interval').count()).toBe(4);
    expect(await intervals.locator('.interval').evaluateAll((gs) => gs.map((g) => (g as SVGGElement).dataset.modelId))).toEqual(byRating);
    const scatter = page.getByTestId('chart-price');
    expect(await scatter.locator('.point').count()).toBe(4);
    expect(await scatter.locator('[data-testid="frontier"]').getAttribute('d')).toMatch(/^M[\d.]+ [\d.]+( H[\d.]+ V[\d.]+)*$/);
    const frontier = paretoFrontier(
      api.rows,
      (r) => r.blendedPerMTok!,
      (r) => r.rating!,
    ).map((r) => r.modelId);
    expect(
      (await scatter.locator('.point-frontier').evaluateAll((gs) => gs.map((g) => (g as SVGGElement).dataset.modelId))).sort(),
    ).toEqual(frontier.sort());
    expect(await scatter.locator('.free-band').count()).toBe(1);
    const heatmap = page.getByTestId('chart-heatmap');
    expect(await heatmap.locator('.cell').count()).toBe(16);
    // The diagonal is blank; a filled cell's tooltip gives the vote count between the two.
    expect(await heatmap.locator('.cell[data-row="alpha"][data-col="alpha"]').getAttribute('class')).toContain('cell-empty');
    const ab = tally('alpha', 'beta', 'blind');
    const abTitle = await heatmap.locator('.cell[data-row="alpha"][data-col="beta"] title').textContent();
    expect(abTitle).toContain(`(${ab.xWins + ab.yWins + ab.ties + ab.bothBad} vote`);

    // Open weights only: the closed models leave the table and the charts.
    await page.getByLabel('Open weights only').check();
    expect((await rowIds(page)).sort()).toEqual(['alpha', TINY].sort());
    expect(await intervals.locator('.interval').count()).toBe(2);
    expect(await heatmap.locator('.cell').count()).toBe(4);
    await shot(page, '21-leaderboard-open-weights');
    await page.getByLabel('Open weights only').uncheck();
    // Provider filter, by the endpoint's own name (not the adapter kind): untick the Anthropic endpoint.
    const providers = page.getByRole('group', { name: 'Providers' });
    expect(await providers.locator('label').allTextContents()).toEqual(['Fake Anthropic', 'Fake Cloud']);
    await providers.getByLabel('Fake Anthropic').uncheck();
    expect(await rowIds(page)).not.toContain('delta');
    expect(await rowIds(page)).toHaveLength(3);
    await providers.getByLabel('Fake Anthropic').check();
    expect(await rowIds(page)).toHaveLength(4);
    // …and by organisation.
    await page.getByRole('group', { name: 'Organisations' }).getByLabel('Tiny Co').uncheck();
    expect((await rowIds(page)).sort()).toEqual(['alpha', 'beta', 'delta']);
    await page.getByRole('group', { name: 'Organisations' }).getByLabel('Tiny Co').check();

    // Named votes are a board of their own: only Alpha and Beta, Beta ahead.
    // (Delta and Tiny stay listed, unrated: their measured speed and cost still count.)
    await page.locator('label.seg', { hasText: 'Named votes' }).click();
    await page.locator('.lb-summary').filter({ hasText: 'Named votes only' }).waitFor();
    await page.locator('[data-testid="stale-note"][data-stale="false"]').waitFor({ timeout: 20_000 });
    expect(page.url()).toMatch(/#\/leaderboard\?mode=named$/);
    expect((await rowIds(page)).slice(0, 2)).toEqual(['beta', 'alpha']);
    expect(await page.locator('tr[data-model-id="beta"] td[data-col="votes"]').textContent()).toBe('4');
    expect(await page.locator('tr[data-model-id="delta"] td[data-col="rating"]').textContent()).toBe('—');
    // 4 votes each: provisional, under the divider, badged, unranked. Beta never lost: "at least", no upper bound.
    expect(await page.locator('tr.lb-divider').textContent()).toContain('Provisional: fewer than 5 counted votes');
    for (const id of ['alpha', 'beta']) {
      expect(await page.locator(`tr[data-model-id="${id}"] .badge-provisional`).textContent()).toBe('provisional');
      expect(await page.locator(`tr[data-model-id="${id}"] td[data-col="rank"]`).textContent()).toBe('—');
    }
    expect(await page.locator('tr[data-model-id="beta"] td[data-col="rating"]').textContent()).toMatch(/^≥ \d{3,4}$/);
    expect(await page.locator('tr[data-model-id="beta"] td[data-col="rating"] span').first().getAttribute('title')).toMatch(
      /^95% interval at least \d+, no upper bound \(profile likelihood\): it never lost$/,
    );
    // Only a finite rating has a bar: Alpha's.
    expect(await intervals.locator('.interval').count()).toBe(1);
    expect(await page.getByTestId('chart-intervals').textContent()).toContain('1 model without a finite rating');
    await shot(page, '22-leaderboard-named');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('the compare picker opens "A vs B": record, prediction, prices, speed and verdict', async () => {
    const page = await openBoard();
    const picker = page.getByRole('form', { name: 'Compare two models' });
    await picker.getByLabel('First model').selectOption('alpha');
    await picker.getByLabel('Second model').selectOption('beta');
    await picker.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(/#\/compare\/alpha\/beta$/);
    await page.getByTestId('verdict').waitFor();
    await page.locator('[data-testid="stale-note"][data-stale="false"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('h1').textContent()).toBe('Alpha vs Beta');

    // The record is the votes this test cast between the two, in the blind board.
    const t = tally('alpha', 'beta', 'blind');
    const record = page.getByTestId('record');
    const num = async (key: string) => Number(await record.locator(`[data-record="${key}"] dd`).textContent());
    expect({ aWins: await num('a-wins'), bWins: await num('b-wins'), ties: await num('ties'), bothBad: await num('both-bad') }).toEqual({
      aWins: t.xWins,
      bWins: t.yWins,
      ties: t.ties,
      bothBad: t.bothBad,
    });
    expect(await record.textContent()).toMatch(/The ratings give (Alpha|Beta) a \d+% chance of beating (Alpha|Beta)\./);

    // Both ratings with intervals, and a two-bar chart.
    const ratings = page.getByTestId('pair-ratings');
    expect(await ratings.locator('li[data-side="a"] .rating').textContent()).toMatch(/^\d+ \+\d+\/−\d+$/);
    expect(await ratings.locator('.chart-intervals .interval').count()).toBe(2);

    // Price: 1.25 vs 6.00 per M blended → 4.8× cheaper; a month at 1M / 10M / 100M tokens.
    expect(await page.getByTestId('price-ratio').textContent()).toBe('Alpha is 4.8× cheaper (blended 3:1).');
    const monthly = page.getByTestId('monthly-cost');
    const cells = (side: 'a' | 'b') => monthly.locator(`tbody td[data-side="${side}"]`).allTextContents();
    expect(await cells('a')).toEqual(['$1.25 (better)', '$12.50 (better)', '$125 (better)']);
    expect(await cells('b')).toEqual(['$6.00', '$60.00', '$600']);

    // Measured speed side by side, with sample counts.
    const measured = page.getByTestId('measured-table');
    for (const side of ['a', 'b'] as const) {
      expect(await measured.locator(`tr[data-row="ttft"] td[data-side="${side}"]`).textContent()).toMatch(
        /^[\d.]+ m?s( \(better\))?p90 [\d.]+ m?s · n=\d+$/,
      );
      expect(await measured.locator(`tr[data-row="tps"] td[data-side="${side}"]`).textContent()).toMatch(/tok\/s.*n=\d+$/);
    }
    // Specs side by side.
    const specs = page.getByTestId('spec-table');
    expect(await specs.locator('tr[data-row="license"] td').allTextContents()).toEqual(['Apache-2.0', 'Proprietary']);
    expect(await specs.locator('tr[data-row="cached"] td[data-side="b"]').textContent()).toBe('$0.30');

    // The verdict states its uncertainty.
    const verdict = (await page.getByTestId('verdict').locator('p').textContent())!;
    expect(verdict).toMatch(/95% CI \d+–\d+/);
    expect(verdict).toMatch(/is preferred|Too close to call|more votes would separate|Statistically tied/);
    expect(verdict).toContain('4.8× cheaper');
    await shot(page, '23-compare');

    // Change B to the free model with an id holding ':' and '.'.
    await page.getByLabel('Model B').selectOption(TINY);
    await page.waitForURL(/#\/compare\/alpha\/tiny%3Aq4\.k$/);
    await page.locator('h1').filter({ hasText: 'Alpha vs Tiny' }).waitFor();
    expect(await page.getByTestId('price-ratio').textContent()).toBe(
      'Tiny is free to run (self-hosted); Alpha costs $1.25 per million tokens (blended 3:1).',
    );
    expect(await page.getByTestId('monthly-cost').locator('tbody td[data-side="b"]').allTextContents()).toEqual([
      '$0 (better)',
      '$0 (better)',
      '$0 (better)',
    ]);
    const at = tally('alpha', TINY, 'blind');
    expect(Number(await page.getByTestId('record').locator('[data-record="a-wins"] dd').textContent())).toBe(at.xWins);

    // The named board for Alpha vs Beta: the four named votes, all Beta's. Both are provisional: thin evidence.
    await page.goto(`${arena.server.url}/#/compare/alpha/beta?mode=named`);
    await page.locator('h1').filter({ hasText: 'Alpha vs Beta' }).waitFor();
    await page.locator('[data-record="b-wins"] dd').filter({ hasText: /^4$/ }).waitFor();
    expect(await page.locator('[data-record="a-wins"] dd').textContent()).toBe('0');
    expect(await page.getByTestId('verdict').getAttribute('data-thin')).toBe('true');
    expect(await page.getByTestId('verdict').locator('p').textContent()).toMatch(
      /^The evidence is thin: Alpha has 4 counted votes, and Beta has 4 counted votes; ratings are provisional below 5 votes\. /,
    );
    expect(await page.getByTestId('pair-ratings').locator('li[data-side="b"] .rating').textContent()).toMatch(/^≥ \d{3,4}$/);
    expect(await page.getByTestId('pair-ratings').locator('li[data-side="b"]').textContent()).toContain('provisional');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('models link to their head-to-head; unknown models and empty boards say so', async () => {
    const page = await openBoard();
    await page.locator(`tr[data-model-id="${TINY}"] .model-col a`).click();
    await page.waitForURL(/#\/compare\/tiny%3Aq4\.k\/[a-z]+$/);
    await page.getByTestId('verdict').waitFor();
    expect(await page.locator('h1').textContent()).toMatch(/^Tiny vs /);

    // A bare #/compare opens the first two models of the catalog.
    await page.goto(`${arena.server.url}/#/compare`);
    await page.waitForURL(/#\/compare\/alpha\/beta$/);
    await page.locator('h1').filter({ hasText: 'Alpha vs Beta' }).waitFor();

    await page.goto(`${arena.server.url}/#/compare/alpha/nobody`);
    await page.getByRole('alert').filter({ hasText: 'Unknown model "nobody"' }).waitFor();

    // A board with no votes yet (there are no named votes for Delta, so compare pages show "no votes").
    await page.goto(`${arena.server.url}/#/compare/delta/${encodeURIComponent(TINY)}?mode=named`);
    await page.locator('h1').filter({ hasText: 'Delta vs Tiny' }).waitFor();
    expect(await page.getByTestId('record').textContent()).toContain('No votes between these two yet');
    expect(await page.getByTestId('pair-ratings').textContent()).toContain('no votes yet');
    expect(await page.getByTestId('verdict').textContent()).toContain('Not enough votes yet');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('a fresh arena: the board says there are no votes yet, with no table or charts', async () => {
    const fresh = await startTestArena(config, { env: ANTHROPIC_ENV });
    try {
      const page = await newPage(browser);
      await page.goto(`${fresh.server.url}/#/leaderboard`);
      await page.getByTestId('lb-empty').waitFor();
      expect(await page.getByTestId('lb-empty').textContent()).toContain('No counted votes yet');
      expect(await page.locator('table.leaderboard').count()).toBe(0);
      expect(await page.locator('svg.chart').count()).toBe(0);
      await shot(page, '28-leaderboard-empty');
      expect(pageErrors(page)).toEqual([]);
      await page.context().close();
    } finally {
      await fresh.close();
    }
  });

  it('fits a 1366 px laptop with speed and cost in view, and a phone with speed and cost; explanations open by keyboard; axe finds nothing serious', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await openBoard('#/leaderboard', { viewport: SIZES.laptop, colorScheme, bypassCSP: true });
      const wrap = page.getByTestId('lb-table-wrap');
      const fit = await wrap.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      expect(fit.scroll).toBeLessThanOrEqual(fit.client);
      for (const col of ['rating', 'tps', 'cost', 'ttft', 'blended']) {
        const cell = page.locator(`tr[data-model-id="alpha"] td[data-col="${col}"]`);
        const box = (await cell.boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(1366);
      }
      await expectAccessible(page, `leaderboard ${colorScheme}`);
      await shot(page, `lb-fit-1366-${colorScheme}`);
      await page.context().close();
    }

    const phone = await openBoard('#/leaderboard', { viewport: SIZES.phone, bypassCSP: true });
    const visibleCols = await phone
      .locator('tr[data-model-id="alpha"] > [data-col]')
      .evaluateAll((cells) => cells.filter((c) => (c as HTMLElement).offsetParent !== null).map((c) => (c as HTMLElement).dataset.col));
    expect(visibleCols).toEqual(['rank', 'model', 'rating', 'tps', 'cost']);
    const phoneFit = await phone.getByTestId('lb-table-wrap').evaluate((el) => el.scrollWidth <= el.clientWidth);
    expect(phoneFit).toBe(true);
    // The heatmap keeps its numbers on a phone.
    expect(await phone.getByTestId('chart-heatmap').locator('.cell:not(.cell-empty) text').count()).toBeGreaterThan(0);
    // Explanations are buttons: reachable by keyboard and touch, not only a mouse's title.
    const votes = phone.locator('tr[data-model-id="alpha"] td[data-col="rating"] .tt-btn');
    await votes.focus();
    await phone.keyboard.press('Enter');
    expect(await phone.locator('tr[data-model-id="alpha"] td[data-col="rating"] .tt-open').textContent()).toMatch(
      /^95% interval \d+–\d+ \(bootstrap\)$/,
    );
    await phone.keyboard.press('Escape');
    expect(await phone.locator('.tt-open').count()).toBe(0);
    await phone.getByText('What the columns mean').click();
    expect(await phone.getByTestId('lb-legend').textContent()).toContain('90th percentile');
    await expectAccessible(phone, 'leaderboard phone');
    await shot(phone, 'lb-phone-390');

    await phone.goto(`${arena.server.url}/#/compare/alpha/delta`);
    await phone.getByTestId('verdict').waitFor();
    expect(await phone.getByTestId('spec-table').locator('tr[data-row="provider"] td').allTextContents()).toEqual([
      'Fake Cloud',
      'Fake Anthropic',
    ]);
    await expectAccessible(phone, 'compare phone');
    await shot(phone, 'compare-phone-390');
    await phone.setViewportSize(SIZES.laptop);
    await expectAccessible(phone, 'compare laptop');
    await shot(phone, 'compare-laptop-1366');

    await phone.goto(`${arena.server.url}/#/models`);
    await phone.locator('[data-model-id="delta"]').waitFor();
    expect(await phone.locator('[data-model-id="delta"] [data-testid="provider"]').textContent()).toBe('Fake Anthropic · delta');
    await phone.getByLabel('Provider').selectOption('Fake Anthropic');
    expect(await phone.locator('.model-card').count()).toBe(1);
    await phone.getByLabel('Provider').selectOption('');
    await phone.getByLabel('Organisation').selectOption('Tiny Co');
    expect(await phone.locator('.model-card').count()).toBe(1);
    await expectAccessible(phone, 'models laptop');
    await shot(phone, 'models-laptop-1366');
    await phone.setViewportSize(SIZES.phone);
    await shot(phone, 'models-phone-390');
    expect(await phone.title()).toBe('Models · Versus');
    expect(pageErrors(phone)).toEqual([]);
    await phone.context().close();
    // Six axe runs and seven screenshots over four pages: minutes of CPU on a loaded 2-core machine, not seconds.
  }, 120_000);

  it('reads in the dark scheme and on a narrow screen', async () => {
    const dark = await openBoard('#/leaderboard', { colorScheme: 'dark' });
    await shot(dark, '24-leaderboard-dark');
    await dark.goto(`${arena.server.url}/#/compare/alpha/delta`);
    await dark.getByTestId('verdict').waitFor();
    await shot(dark, '25-compare-dark');
    await dark.context().close();

    for (const scheme of ['light', 'dark'] as const) {
      const narrow = await openBoard('#/leaderboard', { viewport: { width: 400, height: 900 }, colorScheme: scheme });
      // The wide table scrolls inside its box; the page itself never scrolls sideways.
      expect(await narrow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
      await shot(narrow, `26-leaderboard-narrow-${scheme}`);
      await narrow.goto(`${arena.server.url}/#/compare/alpha/beta`);
      await narrow.getByTestId('verdict').waitFor();
      expect(await narrow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
      await shot(narrow, `27-compare-narrow-${scheme}`);
      expect(pageErrors(narrow)).toEqual([]);
      await narrow.context().close();
    }
  });
});
