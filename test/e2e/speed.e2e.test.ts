import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BenchmarkList } from '../../shared/benchmark.ts';
import { startFakeOpenAI, type FakeServer } from '../helpers/fake-openai-server.ts';
import { startTestArena, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { buildClientOnce, expectAccessible, launchBrowser, newPage, pageErrors, shot } from './browser.ts';

/**
 * The speed page in Chromium: one paid model started from the form (estimate,
 * confirmation, progress), one free endpoint of the same upstream model
 * started over the API, and both charted against concurrency and exported.
 */

let openai: FakeServer;
let arena: TestArena;
let browser: Browser;

beforeAll(async () => {
  await buildClientOnce();
  // 12 tokens: the first at 60 ms, then one every 25 ms.
  openai = await startFakeOpenAI({
    models: { 'llama3.2': { tokens: Array.from({ length: 12 }, (_, i) => ` t${i}`), firstTokenMs: 60, intervalMs: 25 } },
  });
  arena = await startTestArena({
    endpoints: [
      { id: 'cloud', kind: 'openai', baseURL: openai.baseURL, label: 'Cloud host' },
      { id: 'box', kind: 'openai', baseURL: openai.baseURL, label: 'Home box' },
    ],
    models: [
      testModel('llama-cloud', 'cloud', 'llama3.2', { label: 'Llama (cloud)', pricing: { inputPerMTok: 0.5, outputPerMTok: 1.5 } }),
      testModel('llama-box', 'box', 'llama3.2', { label: 'Llama (box)', pricing: { inputPerMTok: 0, outputPerMTok: 0 } }),
    ],
  });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await arena?.close();
  await openai?.close();
});

async function runsNow(): Promise<BenchmarkList['runs']> {
  return BenchmarkList.parse(await (await fetch(`${arena.server.url}/api/benchmarks`)).json()).runs;
}

async function settledRuns(n: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const runs = await runsNow();
    if (runs.length >= n && runs.every((r) => r.status !== 'running')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('benchmarks did not finish');
}

describe('the speed page', () => {
  it('estimates, asks to confirm a paid run, starts it, and charts two endpoints of one model against concurrency', async () => {
    // bypassCSP only so axe can be injected (test/e2e/browser.ts).
    const page: Page = await newPage(browser, { bypassCSP: true });
    await page.goto(`${arena.server.url}/#/speed`);
    const form = page.getByTestId('speed-form');
    await form.getByLabel('Model (on its endpoint)').selectOption('llama-cloud');
    await form.getByLabel('Concurrency levels').fill('1, 2, 4');
    await form.getByLabel('Requests per level').fill('4');
    await form.getByLabel('Output tokens').fill('12');
    await form.getByRole('button', { name: 'Estimate cost' }).click();
    // 12 requests (prompts of at most 400 tokens, answers of at most 12) and 1 + 2 + 4 one-token warm-ups, at $0.5 and $1.5 per million.
    await expect.poll(() => page.getByTestId('speed-estimate').textContent()).toContain('At most 19 requests');
    expect(await page.getByTestId('speed-estimate').textContent()).toContain('up to $0.0027');
    await form.getByRole('button', { name: 'Start benchmark' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('confirm the cost');
    expect(openai.chatRequests).toHaveLength(0);
    await form.getByLabel('I accept this cost').check();
    await form.getByRole('button', { name: 'Start benchmark' }).click();
    await page.locator('[data-testid="speed-runs"] li').first().waitFor();
    await settledRuns(1);

    // The same upstream model on the free endpoint, started over the API: no confirmation needed.
    const res = await fetch(`${arena.server.url}/api/benchmarks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'llama-box',
        concurrency: [1, 2, 4],
        requestsPerLevel: 4,
        promptLengths: { minTokens: 200, maxTokens: 400, seed: 1 },
        outputTokens: 12,
      }),
    });
    expect(res.status).toBe(202);
    await settledRuns(2);
    expect(openai.chatRequests).toHaveLength(38);

    await page.reload();
    const ttft = page.getByTestId('speed-ttft-chart');
    await ttft.waitFor();
    // Both runs of the one upstream model are chosen at first, a line each, a point per level.
    expect(await ttft.locator('[data-series]').count()).toBe(2);
    const values = await ttft
      .locator('circle')
      .evaluateAll((cs) => cs.map((c) => [Number(c.dataset.concurrency), Number(c.dataset.value)]));
    expect(values.map(([c]) => c).sort()).toEqual([1, 1, 2, 2, 4, 4]);
    // The scripted first token is at 60 ms after the request arrives.
    for (const [, v] of values) expect(v).toBeGreaterThanOrEqual(60);
    expect(await ttft.getAttribute('aria-label')).toMatch(/Llama \(cloud\) · Cloud host: 1 at once, \d+ ms/);
    expect(await page.getByTestId('speed-tps-chart').locator('circle').count()).toBe(6);
    expect(await page.getByTestId('speed-total-chart').locator('circle').count()).toBe(6);
    expect(await page.getByTestId('speed-table').locator('tbody tr').count()).toBe(6);

    // Unticking a run takes it off the charts; the export links follow the choice.
    const [cloud] = (await runsNow()).filter((r) => r.model === 'llama-cloud');
    await page.locator(`li[data-run-id="${cloud!.id}"] input[type=checkbox]`).uncheck();
    await expect.poll(() => ttft.locator('[data-series]').count()).toBe(1);
    const csvHref = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
    const csv = await (await fetch(new URL(csvHref!, arena.server.url))).text();
    expect(csv.trimEnd().split('\r\n')).toHaveLength(4);
    expect(csv).toContain(',llama3.2,box,Home box,');

    await shot(page, 'speed-01-charts');
    await expectAccessible(page, 'speed page with charts');
    expect(pageErrors(page)).toEqual([]);
  }, 120_000);
});
