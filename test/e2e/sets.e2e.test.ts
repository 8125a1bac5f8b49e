import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeServer } from '../helpers/fake-openai-server.ts';
import { startTestArena, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { buildClientOnce, launchBrowser, newPage, pageErrors, shot } from './browser.ts';

/**
 * Prompt sets in Chromium (local mode: the one user is an admin): a set
 * pasted in and imported, a run started with its cost estimate and followed
 * to the end on the progress view, then every pair reviewed blind with the
 * keyboard alone, and the votes on the set's results.
 */

let fake: FakeServer;
let arena: TestArena;
let browser: Browser;

const ALPHA = 'Your parcel ships on Monday.';
const BETA = 'Ask the courier about it.';

beforeAll(async () => {
  await buildClientOnce();
  fake = await startFakeOpenAI({
    models: {
      alpha: { tokens: ALPHA.split(/(?= )/), intervalMs: 5, usage: { inputTokens: 9, outputTokens: 5 } },
      beta: { tokens: BETA.split(/(?= )/), intervalMs: 5, usage: { inputTokens: 9, outputTokens: 5 } },
    },
  });
  arena = await startTestArena({
    endpoints: [{ id: 'fake', kind: 'openai', baseURL: fake.baseURL, includeUsage: true }],
    models: [testModel('alpha', 'fake', 'alpha'), testModel('beta', 'fake', 'beta')],
  });
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await arena?.close();
  await fake?.close();
});

describe('prompt sets page', () => {
  it('imports a set, shows the run progressing to done, and takes a blind review by keyboard', async () => {
    const page = await newPage(browser);
    await page.goto(`${arena.server.url}/#/sets`);
    await page.getByText('No prompt sets yet.').waitFor();
    await page.locator('#set-name').fill('support emails');
    const jsonl = ['Where is my order?', 'Can I change my address?', 'Do you ship abroad?'].map((prompt) =>
      JSON.stringify({ prompt, tags: ['support'] }),
    );
    await page.locator('#set-content').fill(jsonl.join('\n'));
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByText('Imported "support emails" version 1: 3 prompts.').waitFor();
    await page.getByRole('link', { name: 'support emails v1' }).click();

    await page.getByRole('heading', { name: 'support emails v1' }).waitFor();
    await page.getByRole('checkbox', { name: 'alpha' }).check();
    await page.getByRole('checkbox', { name: 'beta' }).check();
    await page.getByRole('button', { name: 'Estimate cost' }).click();
    await expect.poll(() => page.getByTestId('estimate').textContent()).toMatch(/At most \$0\.\d{4} for 3 prompts/);
    await page.getByRole('button', { name: 'Start run' }).click();
    const status = page.getByTestId('run-status');
    await status.filter({ hasText: 'done: 6/6 answers (100%)' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('progress').getAttribute('value')).toBe('6');
    await shot(page, 'sets-run-done');

    await page.getByRole('link', { name: 'Review this run blind' }).click();
    const position = page.getByTestId('review-position');
    await position.filter({ hasText: '0 of 3 pairs reviewed' }).waitFor();
    const seen: string[] = [];
    for (const [i, key] of ['a', 'ArrowRight', 't'].entries()) {
      const item = page.getByTestId('review-item');
      seen.push((await item.locator('.review-prompt').textContent())!);
      // Blind: the page names no model before the vote.
      expect(await item.textContent()).not.toMatch(/alpha|beta/);
      await page.keyboard.press(key);
      await position.filter({ hasText: `${i + 1} of 3 pairs reviewed` }).waitFor();
      await expect.poll(() => page.getByTestId('review-last').textContent()).toMatch(/A was (alpha|beta), B was (alpha|beta)\./);
    }
    expect(new Set(seen).size).toBe(3);
    await page.getByTestId('review-done').waitFor();
    await shot(page, 'sets-review-done');

    await page.goBack();
    await page.getByTestId('pair-results').waitFor();
    const row = page.getByTestId('pair-results').locator('tbody tr');
    expect(await row.locator('td').first().textContent()).toBe('3');
    expect(await page.getByTestId('model-workload').locator('tbody tr').count()).toBe(2);
    expect(pageErrors(page)).toEqual([]);
  }, 120_000);
});
