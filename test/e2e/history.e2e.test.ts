import { matching } from '../helpers/match.ts';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeServer } from '../helpers/fake-openai-server.ts';
import { startTestArena, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { buildClientOnce, expectAccessible, launchBrowser, newPage, pageErrors, shot, SIZES, waitEnabled, waitPhase } from './browser.ts';

/**
 * The history page, share links and privacy, in Chromium: battles run in
 * one browser context (one session), listed with their votes and figures,
 * opened in full, shared; the link opens read-only in a second context (a
 * stranger), and stops working once withdrawn; a battle that was never
 * shared is a 404 to the stranger.
 */

let fake: FakeServer;
let arena: TestArena;
let browser: Browser;

beforeAll(async () => {
  await buildClientOnce();
  const answer = (text: string) => ({
    tokens: text.match(/.{1,6}/g)!,
    firstTokenMs: 20,
    intervalMs: 10,
    usage: { inputTokens: 9, outputTokens: 6 },
  });
  fake = await startFakeOpenAI({
    models: { alpha: answer('An answer from the first model.'), beta: answer('An answer from the second model.') },
  });
  arena = await startTestArena({
    endpoints: [{ id: 'fake', label: 'Fake Cloud', kind: 'openai', baseURL: fake.baseURL, includeUsage: true }],
    models: [
      testModel('alpha', 'fake', 'alpha', { label: 'Alpha', organisation: 'Alpha Labs', pricing: { inputPerMTok: 1, outputPerMTok: 2 } }),
      testModel('beta', 'fake', 'beta', { label: 'Beta', organisation: 'Beta Inc', pricing: { inputPerMTok: 3, outputPerMTok: 15 } }),
    ],
    limits: { battles: { burst: 100, perMinute: 600 }, votes: { burst: 100, perMinute: 600 } },
  });
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await arena?.close();
  await fake?.close();
});

async function open(page: Page, hash: string) {
  await page.goto(`${arena.server.url}/${hash}`);
}

const pane = (page: Page, side: 'a' | 'b') => page.locator('article.turn').last().locator(`[data-side="${side}"]`);
const battleId = (page: Page) =>
  page.evaluate(
    () =>
      (window as unknown as { __versus: { state: { battle: { value: { battleId: string } | null } } } }).__versus.state.battle.value!
        .battleId,
  );

async function battle(page: Page, prompt: string, vote: string | null, named = false): Promise<string> {
  await open(page, '#/');
  await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();
  if (named) await page.getByText('Pick models').click();
  await page.locator('#prompt').fill(prompt);
  await page.locator('#prompt').press('Enter');
  for (const s of ['a', 'b'] as const) await waitPhase(pane(page, s), 'finished');
  const id = await battleId(page);
  if (vote) {
    await waitEnabled(page.getByRole('button', { name: vote }));
    await page.getByRole('button', { name: vote }).click();
    await page.getByTestId('reveal').waitFor();
    await page.getByRole('button', { name: /New battle/ }).click();
  } else {
    await page.getByRole('button', { name: 'New battle' }).click();
  }
  await page.locator('#prompt').waitFor();
  return id;
}

describe('history and share links', () => {
  let owner: Page;
  let voted: string;
  let unvoted: string;
  let named: string;

  it('lists the session’s battles, newest first, with votes and figures; a blind one stays blind until voted', async () => {
    owner = await newPage(browser, { viewport: SIZES.laptop, bypassCSP: true });
    voted = await battle(owner, 'First: a voted blind battle', 'A is better');
    unvoted = await battle(owner, 'Second: a blind battle nobody voted on', null);
    named = await battle(owner, 'Third: picked models', 'Tie', true);

    await open(owner, '#/history');
    const items = owner.getByTestId('history-list').locator('li.history-item');
    await items.first().waitFor();
    expect(await owner.title()).toBe('History · Versus');
    expect(await items.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.battleId))).toEqual([named, unvoted, voted]);
    const item = (id: string) => owner.locator(`li[data-battle-id="${id}"]`);
    expect(await item(voted).getByTestId('history-vote').textContent()).toBe('Voted: A is better');
    expect(await item(voted).textContent()).toMatch(/Alpha vs Beta|Beta vs Alpha/);
    // The answer's time as formatMs writes it: under a full test run's load a fake answer can take past a second.
    expect(await item(voted).locator('.history-totals li').allTextContents()).toEqual([
      matching(/^AA: \$0\.0\d+ · \d+ tokens out · (\d+ ms|\d+\.\d\d s)$/),
      matching(/^BB: \$0\.0\d+ · \d+ tokens out · (\d+ ms|\d+\.\d\d s)$/),
    ]);
    expect(await item(unvoted).textContent()).toContain('Models hidden until you vote');
    expect(await item(unvoted).locator('.history-totals').count()).toBe(0);
    expect(await item(named).getByTestId('history-vote').textContent()).toBe('Voted: Tie');
    await expectAccessible(owner, 'history list');
    await shot(owner, 'history-1-list-laptop');
    await owner.setViewportSize(SIZES.phone);
    await shot(owner, 'history-1-list-phone');
    await owner.setViewportSize(SIZES.laptop);
  });

  it('opens a battle in full; an unvoted one continues in the arena', async () => {
    await owner.locator(`li[data-battle-id="${voted}"] a`).click();
    await owner.getByTestId('transcript').waitFor();
    expect(await owner.locator('h1').textContent()).toBe('First: a voted blind battle');
    expect(await owner.locator('article.turn [data-side="a"] .md').textContent()).toMatch(/An answer from the (first|second) model\./);
    expect(await owner.locator('#reveal-title').textContent()).toBe('You voted: A is better');
    // Read-only here: no vote, stop or retry.
    expect(await owner.getByTestId('vote-bar').count()).toBe(0);
    expect(await owner.locator('article.turn button', { hasText: /^(Stop|Retry)/ }).count()).toBe(0);
    await expectAccessible(owner, 'history battle');
    await shot(owner, 'history-2-battle-laptop');

    await open(owner, `#/history/${unvoted}`);
    await owner.getByTestId('no-vote').waitFor();
    expect(await owner.locator('article.turn .model-hidden').allTextContents()).toEqual(['Model A', 'Model B']);
    await owner.getByRole('button', { name: 'Continue in the arena' }).click();
    await owner.waitForURL(/#\/$/);
    await waitEnabled(owner.getByRole('button', { name: /Both are bad/ }));
    expect(await battleId(owner)).toBe(unvoted);
    await owner.getByRole('button', { name: /Both are bad/ }).click();
    await owner.getByTestId('reveal').waitFor();
  });

  it('a shared link opens read-only in another browser context; withdrawn or never shared, it is a 404', async () => {
    await open(owner, `#/history/${named}`);
    await owner.getByTestId('share').waitFor();
    expect(await owner.getByTestId('share').textContent()).toContain('Private');
    await owner.getByRole('button', { name: 'Create a read-only link' }).click();
    const link = await owner.locator('#share-url').inputValue();
    expect(link).toMatch(/#\/shared\/[A-Za-z0-9_-]+$/);
    await shot(owner, 'history-3-shared-owner');

    const strangerContext: BrowserContextOptions = { viewport: SIZES.phone, bypassCSP: true };
    const stranger = await newPage(browser, strangerContext);
    await stranger.goto(link);
    await stranger.getByTestId('transcript').waitFor();
    expect(await stranger.getByTestId('shared-meta').textContent()).toContain('Shared battle, read-only');
    expect(await stranger.locator('h1').textContent()).toBe('Third: picked models');
    expect(await stranger.getByTestId('model-name').allTextContents()).toEqual(['Alpha', 'Beta']);
    // Nothing to do to it: no vote, share, retry or follow-up.
    expect(await stranger.getByTestId('vote-bar').count()).toBe(0);
    expect(await stranger.getByTestId('share').count()).toBe(0);
    expect(await stranger.locator('#follow-up').count()).toBe(0);
    await expectAccessible(stranger, 'shared battle');
    await shot(stranger, 'history-4-shared-stranger-phone');

    // The stranger's own history does not hold it, and the owner's private battle is not theirs to open.
    await open(stranger, `#/history/${voted}`);
    await stranger.getByTestId('battle-error').waitFor();
    expect(await stranger.getByTestId('battle-error').textContent()).toBe('No such battle in your history.');
    const api = await stranger.evaluate(async (id) => (await fetch(`/api/battles/${id}`)).status, voted);
    expect(api).toBe(404);
    await shot(stranger, 'history-5-private-404');

    await owner.getByRole('button', { name: 'Withdraw the link' }).click();
    await owner.getByRole('button', { name: 'Create a read-only link' }).waitFor();
    await stranger.goto(link);
    await stranger.reload();
    await stranger.getByTestId('shared-error').waitFor();
    expect(await stranger.getByTestId('shared-error').getAttribute('data-status')).toBe('404');
    expect(await stranger.getByTestId('shared-error').textContent()).toContain('withdrawn');
    await expectAccessible(stranger, 'shared 404');
    await shot(stranger, 'history-6-withdrawn-404');
    expect(pageErrors(stranger)).toEqual([]);
    expect(pageErrors(owner)).toEqual([]);
    await stranger.context().close();
    await owner.context().close();
  });
});
