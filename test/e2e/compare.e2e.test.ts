import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadToHeadResponse } from '../../shared/api.ts';
import type { VoteChoice } from '../../shared/protocol.ts';
import { startFakeOpenAI, type FakeServer } from '../helpers/fake-openai-server.ts';
import type { FakeScript } from '../helpers/fake-script.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { buildClientOnce, launchBrowser, newPage, pageErrors, shot } from './browser.ts';

/**
 * "A vs B" for two built-in models, GPT-4.1 mini and Llama 3.2 3B Instruct,
 * with their catalog facts as shipped (published benchmarks, speed and hosted
 * prices, each with its source) and their endpoints pointed at a local fake
 * OpenAI-compatible server, so this arena can measure them and vote on them.
 * Every answer reports 9 output tokens; GPT-4.1 mini's prompt counts 60 input
 * tokens and Llama's 40, so the observed input:output mix is 100:18.
 */

const MINI = 'gpt-4.1-mini';
const LLAMA = 'llama-3.2-3b-instruct';
const BATTLES = 12;

const answer = (inputTokens: number, firstTokenMs: number, intervalMs: number): FakeScript => {
  const tokens = 'Here is a careful answer with a few useful points.'.match(/.{1,6}/g)!;
  return { tokens, firstTokenMs, intervalMs, usage: { inputTokens, outputTokens: tokens.length } };
};

let openai: FakeServer;
let arena: TestArena;
let browser: Browser;
/** The test's own tally, from GPT-4.1 mini's side. */
const tally = { miniWins: 0, llamaWins: 0, ties: 0 };

beforeAll(async () => {
  await buildClientOnce();
  openai = await startFakeOpenAI({ models: { [MINI]: answer(60, 40, 45), 'llama3.2:3b': answer(40, 15, 35) } });
  arena = await startTestArena({
    endpoints: [{ id: 'fake', kind: 'openai', baseURL: openai.baseURL, includeUsage: true }],
    // Built-in models keep every catalog fact; only their endpoint moves to the fake server.
    models: [
      { id: MINI, endpoint: 'fake' },
      { id: LLAMA, endpoint: 'fake' },
    ],
    ratings: { rounds: 100, seed: 11, provisionalVotes: 5 },
    limits: { battles: { burst: 500, perMinute: 6000 }, votes: { burst: 500, perMinute: 6000 } },
  });
  // Blind battles between the only two models: GPT-4.1 mini wins 8, Llama 2, and 2 ties.
  const client = await TestClient.connect(arena.wsUrl, { cookie: `versus_sid=${'C'.repeat(32)}` });
  for (let i = 0; i < BATTLES; i++) {
    const requestId = `cmp-${i}`;
    client.send({ type: 'start', mode: 'blind', prompt: 'Give me three tips for a calm morning', requestId });
    const { battleId } = await client.next('battle-started', (m) => m.requestId === requestId);
    await client.next('turn-ended', (m) => m.battleId === battleId);
    const { modelA } = (await arena.server.store.getBattle(battleId))!.battle;
    const outcome = i % 6 === 0 ? 'tie' : i % 6 === 3 ? 'llama' : 'mini';
    const choice: VoteChoice = outcome === 'tie' ? 'tie' : (outcome === 'mini') === (modelA === MINI) ? 'a' : 'b';
    client.send({ type: 'vote', battleId, choice, requestId: `${requestId}-v` });
    await client.next('vote-recorded', (m) => m.requestId === `${requestId}-v`);
    if (outcome === 'tie') tally.ties++;
    else if (outcome === 'mini') tally.miniWins++;
    else tally.llamaWins++;
  }
  await client.close();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await arena?.close();
  await openai?.close();
});

async function openCompare(): Promise<Page> {
  const page = await newPage(browser, { acceptDownloads: true });
  await page.goto(`${arena.server.url}/#/compare/${MINI}/${LLAMA}`);
  await page.getByTestId('verdict').waitFor();
  await page.locator('[data-testid="stale-note"][data-stale="false"]').waitFor({ timeout: 20_000 });
  return page;
}

const cells = (page: Page, table: string, row: string) =>
  Promise.all(
    (['a', 'b'] as const).map((s) => page.getByTestId(table).locator(`tr[data-row="${row}"] td[data-side="${s}"]`).textContent()),
  );

describe('"A vs B" for GPT-4.1 mini and Llama 3.2 3B Instruct', () => {
  it('prices: the hosted-price ratio and the self-hosted row', async () => {
    const page = await openCompare();
    expect(await page.locator('h1').textContent()).toBe('GPT-4.1 mini vs Llama 3.2 3B Instruct');
    // Blended 3:1: $0.40/$1.60 → $0.70 on OpenAI; $0.051/$0.335 → $0.122 on Cloudflare Workers AI (as published 2025-02-20).
    expect(await page.getByTestId('hosted-price-ratio').textContent()).toBe(
      'At hosted-API prices Llama 3.2 3B Instruct is 5.7× cheaper than GPT-4.1 mini: $0.122 on Cloudflare Workers AI against $0.70 on OpenAI per 1M tokens (blended 3:1).',
    );
    expect(await page.getByTestId('self-hosted').allTextContents()).toEqual([
      'Llama 3.2 3B Instruct: self-hosted here: $0 per token; cheapest listed hosted API: $0.051 / $0.335 per 1M tokens in / out (Cloudflare Workers AI, 2025-02-20)',
    ]);
    const [hereA, hereB] = await cells(page, 'price-table', 'price-here');
    expect(hereA).toBe('$0.40 / $1.60in / out per 1M tokens');
    expect(hereB).toMatch(/^\$0 per token/);
    const [hostedA, hostedB] = await cells(page, 'price-table', 'price-hosted');
    expect(hostedA).toBe('$0.40 / $1.60OpenAI (the endpoint used here)');
    expect(hostedB).toMatch(/^\$0\.051 \/ \$0\.335 \(better\)Cloudflare Workers AI · 2025-02-20 · \[\d+\]$/);
    // The old blended ratio at the endpoint's own price still says the self-hosted model costs nothing per token.
    expect(await page.getByTestId('price-ratio').textContent()).toContain('free to run (self-hosted)');
    await shot(page, '30-compare-mini-llama');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it("published benchmarks beside this arena's rating, and published against measured speed", async () => {
    const page = await openCompare();
    const h = HeadToHeadResponse.parse(await (await fetch(`${arena.server.url}/api/head-to-head?a=${MINI}&b=${LLAMA}`)).json());
    const quality = page.getByTestId('quality-table');
    expect(await quality.locator('tbody th').allTextContents()).toEqual([
      'Rating in this arena (measured here)',
      'MMLU (published)',
      'GPQA Diamond (published)',
      'IFEval (published)',
      'GPQA (published)',
    ]);
    const [ratingA, ratingB] = await cells(page, 'quality-table', 'arena-rating');
    expect(ratingA).toMatch(new RegExp(`^(\\d+ \\+\\d+/−\\d+|≥ \\d+)${h.a.row.votes} votes$`));
    expect(ratingB).toMatch(/^(\d+ \+\d+\/−\d+|≤ \d+)\d+ votes$/);
    const [mmluA, mmluB] = await cells(page, 'quality-table', 'bench-MMLU');
    expect(mmluA).toMatch(/^87\.5%zero-shot, chain of thought \(simple-evals\) · 2025-04-14 · \[\d+\]$/);
    expect(mmluB).toMatch(/^63\.4%5-shot, instruction-tuned · 2024-09-25 · \[\d+\]$/);
    expect((await cells(page, 'quality-table', 'bench-GPQA Diamond'))[1]).toBe('—not published');
    // Every source number resolves to a listed source.
    const sources = await page.getByTestId('sources').locator('li').allTextContents();
    expect(sources.some((s) => s.includes('openai.com/index/gpt-4-1'))).toBe(true);
    expect(sources.some((s) => s.includes('Llama 3.2 model card'))).toBe(true);

    const [pubA, pubB] = await cells(page, 'speed-table', 'tps-published');
    expect(pubA).toMatch(
      /^77\.2 tok\/sOpenAI API; median over the past 14 days; 10k-token input workload; the page gives no date · undated · \[\d+\]$/,
    );
    expect(pubB).toBe('—none published');
    const [measA] = await cells(page, 'speed-table', 'tps-measured');
    expect(measA).toMatch(new RegExp(`^[\\d.]+ tok/smedian of ${h.a.row.outputTokensPerSecond.samples} answers$`));
    const [diffA, diffB] = await cells(page, 'speed-table', 'tps-diff');
    const expectedPct = Math.round((Math.abs(h.a.row.outputTokensPerSecond.median! - 77.2) / 77.2) * 100);
    expect(diffA).toMatch(new RegExp(`^[+−]${expectedPct}%measured here ${expectedPct}% (faster|slower) than published$`));
    expect(diffB).toBe('—needs both figures');
    const [ttftPubA] = await cells(page, 'speed-table', 'ttft-published');
    expect(ttftPubA).toMatch(/^930 ms/);
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it("monthly cost at 3:1, at 1:1, at this arena's observed mix, at a custom ratio and a typed volume", async () => {
    const page = await openCompare();
    const table = page.getByTestId('cost-table');
    const col = (side: 'a' | 'b') => table.locator(`tbody td[data-side="${side}"]`).allTextContents();
    const calc = page.getByTestId('cost-calculator');
    expect(await page.getByTestId('cost-mix').textContent()).toBe('At 3:1 input to output, at hosted-API prices (see Price).');
    expect(await col('a')).toEqual(['$0.70', '$7.00', '$70.00']);
    expect(await col('b')).toEqual([
      '$0.12 (better)here: $0 (self-hosted)',
      '$1.22 (better)here: $0 (self-hosted)',
      '$12.20 (better)here: $0 (self-hosted)',
    ]);

    await calc.getByLabel('1:1').check();
    await page.getByTestId('cost-mix').filter({ hasText: 'At 1:1' }).waitFor();
    expect(await col('a')).toEqual(['$1.00', '$10.00', '$100']);

    // Observed: (60 + 40) input tokens to (9 + 9) output per battle → 100:18 ≈ 5.6:1.
    const observed = calc.getByLabel(/this arena's observed mix for these two/);
    expect(await observed.evaluate((el) => el.parentElement!.textContent)).toContain(
      `5.6:1 (${(100 * BATTLES).toLocaleString('en-US')} in, ${18 * BATTLES} out over ${2 * BATTLES} answers)`,
    );
    await observed.check();
    await page.getByTestId('cost-mix').filter({ hasText: 'At 5.6:1' }).waitFor();
    // (100 × 0.40 + 18 × 1.60) / 118 = $0.583 per 1M; (100 × 0.051 + 18 × 0.335) / 118 = $0.0943.
    expect(await col('a')).toEqual(['$0.58', '$5.83', '$58.31']);
    expect((await col('b')).map((c) => c.split(' ')[0])).toEqual(['$0.09', '$0.94', '$9.43']);

    await calc.getByLabel('Custom ratio, input:output').fill('1:3');
    await page.getByTestId('cost-mix').filter({ hasText: 'At 1:3' }).waitFor();
    expect(await col('a')).toEqual(['$1.30', '$13.00', '$130']);
    await page.getByLabel('Your volume, tokens a month').fill('25M');
    await table.locator('tr[data-row="cost-25000000"]').waitFor();
    expect(await table.locator('tr[data-row="cost-25000000"] td[data-side="a"]').textContent()).toBe('$32.50');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('"choose A if / choose B if" lists built from the figures', async () => {
    const page = await openCompare();
    const clauses = (side: 'a' | 'b') =>
      page
        .getByTestId(`choose-${side}`)
        .locator('li')
        .evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.clause));
    expect(await page.getByTestId('choose-a').locator('h3').textContent()).toBe('A Choose GPT-4.1 mini if…');
    const a = await clauses('a');
    expect(a).toEqual(expect.arrayContaining(['context', 'modalities', 'structured-output', 'release', 'cutoff']));
    const text = (side: 'a' | 'b', key: string) => page.getByTestId(`choose-${side}`).locator(`li[data-clause="${key}"]`).textContent();
    expect(await text('a', 'context')).toBe('you send long inputs: a 1,047,576-token context window against 131,072');
    expect(await text('a', 'release')).toBe(
      'you want the newer model: released 2025-04-14, 7 months after Llama 3.2 3B Instruct (2024-09-25)',
    );
    expect(await text('a', 'cutoff')).toBe('you need more recent knowledge: training data up to 2024-06 against 2023-12');
    expect(await text('a', 'modalities')).toBe('you send image input: it takes text, image (Llama 3.2 3B Instruct: text)');
    const b = await clauses('b');
    expect(b.slice(0, 2)).toEqual(['hosted-price', 'self-hosted']);
    expect(b).toContain('open-weights');
    expect(await text('b', 'hosted-price')).toBe(
      'cost per token matters: 5.7× cheaper on a hosted API (blended 3:1, $0.122 on Cloudflare Workers AI against $0.70 on OpenAI, per 1M tokens)',
    );
    expect(await text('b', 'open-weights')).toBe(
      'you need weights you can run or fine-tune yourself: open weights, Llama 3.2 Community License (GPT-4.1 mini: Proprietary)',
    );
    // Llama streams faster here (35 ms against 45 ms a token): a measured clause names both medians and sample counts.
    expect(await text('b', 'speed')).toMatch(
      /^answers should stream fast: measured here at a median [\d.]+ tokens\/s against [\d.]+ tokens\/s \(\d+ answers and \d+ answers\)$/,
    );
    // Capabilities and how this Versus reaches each model.
    expect(await cells(page, 'capability-table', 'modalities')).toEqual([
      expect.stringMatching(/^text, image\[\d+\]$/),
      expect.stringMatching(/^text\[\d+\]$/),
    ]);
    expect(await cells(page, 'capability-table', 'endpoint')).toEqual(['fake (openai)available now', 'fake (openai)available now']);
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('the model page: specs, published and measured figures, record against every opponent, rating over time', async () => {
    const page = await openCompare();
    await page.getByRole('link', { name: 'GPT-4.1 mini' }).click();
    await page.waitForURL(/#\/model\/gpt-4\.1-mini$/);
    await page.locator('h1').filter({ hasText: 'GPT-4.1 mini' }).waitFor();
    await page.getByTestId('opponent-table').waitFor();
    const opp = page.locator(`tr[data-opponent="${LLAMA}"]`);
    expect(await opp.locator('th').textContent()).toBe('Llama 3.2 3B Instruct');
    expect(await opp.locator('td[data-col="record"]').textContent()).toBe(
      `${tally.miniWins}–${tally.llamaWins}, ${tally.ties} ties, 0 both bad`,
    );
    expect(await opp.locator('td[data-col="votes"]').textContent()).toBe(String(BATTLES));
    expect(await opp.locator('td[data-col="predicted"]').textContent()).toMatch(/^\d+%$/);
    expect(await page.getByTestId('model-published-table').locator('tr[data-row="bench-MMLU"] td').textContent()).toMatch(/^87\.5%/);
    expect(await page.getByTestId('model-measured-table').locator('tr[data-row="mix"] td').textContent()).toBe(
      `6.7:1${(60 * BATTLES).toLocaleString('en-US')} in, ${9 * BATTLES} out over ${BATTLES} answers`,
    );
    expect(await page.getByTestId('model-spec-table').locator('tr[data-row="input"] td').textContent()).toMatch(/^text, image/);
    // All votes fall in one week: one point, with the model's 12 votes.
    const history = page.getByTestId('history-table').locator('tbody tr');
    expect(await history.count()).toBe(1);
    expect(await history.locator('td').last().textContent()).toBe(String(BATTLES));
    await shot(page, '31-model-page');
    // The opponent links back to the comparison.
    await opp.locator('a').click();
    await page.waitForURL(/#\/compare\/gpt-4\.1-mini\/llama-3\.2-3b-instruct$/);
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('exports a static HTML snapshot, and prints without navigation or buttons', async () => {
    const page = await openCompare();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download snapshot (HTML)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`versus-${MINI}-vs-${LLAMA}.html`);
    const html = readFileSync(await download.path(), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<(script|img|link|iframe)\b/i);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('<title>GPT-4.1 mini vs Llama 3.2 3B Instruct · Versus snapshot</title>');
    expect(html).toMatch(
      /Snapshot taken \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC; ratings computed \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC from blind votes\./,
    );
    expect(html).toContain('5.7× cheaper than GPT-4.1 mini');
    expect(html).toContain('self-hosted here: $0 per token');
    expect(html).toContain('Monthly cost at 3:1 input to output');
    expect(html).toContain('Monthly cost at 1:1 input to output');
    expect(html).toContain('observed mix for these two, 5.6:1 over 24 answers');
    expect(html).toContain('MMLU (published)');
    expect(html).toContain('Choose Llama 3.2 3B Instruct if…');

    // The snapshot opened on its own: everything readable, nothing fetched.
    const offline = await newPage(browser, { offline: true });
    const requests: string[] = [];
    offline.on('request', (r) => requests.push(r.url()));
    await offline.setContent(html);
    expect(await offline.locator('h1').textContent()).toBe('GPT-4.1 mini vs Llama 3.2 3B Instruct');
    expect(requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:'))).toEqual([]);
    await offline.context().close();

    await page.emulateMedia({ media: 'print' });
    const hidden = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((el) => getComputedStyle(el).display === 'none');
    expect(await hidden('header.top')).toBe(true);
    expect(await hidden('[data-testid="export-bar"]')).toBe(true);
    expect(await hidden('.compare-controls')).toBe(true);
    expect(
      await page
        .locator('table.vs-table')
        .first()
        .evaluate((el) => getComputedStyle(el).breakInside),
    ).toBe('avoid');
    expect(await page.getByTestId('verdict').isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });
});
