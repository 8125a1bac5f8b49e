import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CategoriesResponse } from '../../shared/category-api.ts';
import { startFakeOpenAI, type FakeServer } from '../helpers/fake-openai-server.ts';
import type { FakeScript } from '../helpers/fake-script.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { seededRandom } from '../helpers/seeded-random.ts';
import { measureBundle } from './bundle-size.ts';
import { buildClientOnce, launchBrowser, newPage, pageErrors, shot } from './browser.ts';

/**
 * Boards by category, style / speed control and the speed and cost charts in
 * Chromium, from battles run through the real arena over the websocket:
 * battles are classified when their prompt is stored and styled when voted
 * on, as in production. Coding prompts go to Coder, poems to Poet; Plain,
 * which answers at length and in lists, wins the general prompts.
 */

const tokens = (text: string) => text.match(/.{1,6}/gs)!;
const answer = (text: string, firstTokenMs: number, intervalMs: number): FakeScript => ({
  tokens: tokens(text),
  firstTokenMs,
  intervalMs,
  usage: { inputTokens: 30, outputTokens: tokens(text).length },
});

const CODING = 'Why does this TypeScript fail: `const x: number = "1"`? #types';
const POEM = 'Write a short poem about the sea at night';
const GENERAL = 'Give me three tips for a calm morning';

let openai: FakeServer;
let arena: TestArena;
let browser: Browser;

async function battle(client: TestClient, prompt: string, winner: (a: string, b: string) => 'a' | 'b' | 'tie', n: number) {
  const requestId = `cat-${n}`;
  client.send({ type: 'start', mode: 'blind', prompt, requestId });
  const { battleId } = await client.next('battle-started', (m) => m.requestId === requestId);
  await client.next('turn-ended', (m) => m.battleId === battleId);
  const { modelA, modelB } = (await arena.server.store.getBattle(battleId))!.battle;
  client.send({ type: 'vote', battleId, choice: winner(modelA, modelB), requestId: `${requestId}-v` });
  await client.next('vote-recorded', (m) => m.requestId === `${requestId}-v`);
}

beforeAll(async () => {
  await buildClientOnce();
  openai = await startFakeOpenAI({
    models: {
      // Nine tokens 40 ms apart: a 320 ms decode window, clear of the 250 ms speed rule (at 30 ms apart it sat at
      // 240 ms, and timing jitter decided whether Coder had a measured speed, and so a dot on the chart).
      coder: answer('Use a number literal: the string cannot be assigned.', 20, 40),
      poet: answer('Dark water hums, the moon keeps watch, and the tide writes slowly.', 60, 45),
      plain: answer('## Tips\n\n- **Wake** early\n- Drink water\n- Walk outside for ten minutes before screens.', 35, 38),
    },
  });
  arena = await startTestArena(
    {
      endpoints: [{ id: 'fake', label: 'Fake Cloud', kind: 'openai', baseURL: openai.baseURL, includeUsage: true }],
      models: [
        testModel('coder', 'fake', 'coder', { label: 'Coder', pricing: { inputPerMTok: 1, outputPerMTok: 3 } }),
        testModel('poet', 'fake', 'poet', { label: 'Poet', pricing: { inputPerMTok: 2, outputPerMTok: 8 } }),
        testModel('plain', 'fake', 'plain', { label: 'Plain', pricing: { inputPerMTok: 0.5, outputPerMTok: 1 } }),
      ],
      ratings: { rounds: 100, seed: 7, provisionalVotes: 3 },
      limits: { battles: { burst: 500, perMinute: 6000 }, votes: { burst: 500, perMinute: 6000 } },
      // Seated alike every run: uniform pairs from a seeded source. Adaptive pairing follows the live board, and
      // once it seated Poet in too few poem battles to lead their board (a full run on a loaded machine).
      battle: { pairing: 'uniform' },
    },
    { server: { random: seededRandom(11) } },
  );
  const client = await TestClient.connect(arena.wsUrl, { cookie: `versus_sid=${'C'.repeat(32)}` });
  const favour = (m: string) => (a: string, b: string) => (a === m ? 'a' : b === m ? 'b' : 'tie');
  let n = 0;
  for (let i = 0; i < 9; i++) {
    await battle(client, CODING, favour('coder'), n++);
    await battle(client, POEM, favour('poet'), n++);
    await battle(client, GENERAL, (a, b) => (i % 3 === 0 ? 'tie' : favour('plain')(a, b)), n++);
  }
  await client.close();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await arena?.close();
  await openai?.close();
});

async function openBoard(): Promise<Page> {
  const page = await newPage(browser);
  await page.goto(`${arena.server.url}/#/leaderboard`);
  await page.locator('table.leaderboard tbody tr').first().waitFor();
  return page;
}

const topModel = (page: Page) => page.locator('table.leaderboard tbody tr[data-model-id]').first().getAttribute('data-model-id');

describe('boards by category on the page', () => {
  it('counts the live battles by category', async () => {
    const body = CategoriesResponse.parse(await (await fetch(`${arena.server.url}/api/categories?mode=blind`)).json());
    const votes = Object.fromEntries(body.categories.map((c) => [c.key, c.votes]));
    expect(votes).toMatchObject({ coding: 9, 'creative-writing': 9, 'tag:types': 9 });
  });

  it('switches the board to a category, controls for style, and draws the speed and cost charts', async () => {
    const page = await openBoard();
    const select = page.getByTestId('lb-category');
    await expect.poll(() => select.locator('option').allTextContents()).toContain('Coding (9 votes)');
    await shot(page, 'categories-all');

    await select.selectOption('coding');
    await expect.poll(() => topModel(page), { timeout: 15_000 }).toBe('coder');
    await select.selectOption('creative-writing');
    await expect.poll(() => topModel(page), { timeout: 15_000 }).toBe('poet');
    await shot(page, 'categories-creative-writing');

    await select.selectOption('');
    await page.getByTestId('lb-control').getByLabel('Style').check();
    const panel = page.getByTestId('lb-control-panel');
    await panel.waitFor({ timeout: 20_000 });
    const coefficients = await page.getByTestId('lb-coefficients').locator('tbody th').allTextContents();
    expect(coefficients).toEqual(['answer length', 'headers', 'list items', 'bold spans']);
    expect(await page.getByTestId('lb-controlled').locator('tbody tr').count()).toBeGreaterThan(0);
    await panel.scrollIntoViewIfNeeded();
    await shot(page, 'categories-style-control');

    await page.getByTestId('lb-control').getByLabel('Speed').check();
    await expect
      .poll(() => page.getByTestId('lb-coefficients').locator('tbody th').allTextContents(), { timeout: 20_000 })
      .toEqual(['time to first token (shorter)', 'output speed (faster)']);
    expect(await page.getByTestId('lb-csv').getAttribute('href')).toBe('/api/leaderboard.csv?mode=blind&control=speed');

    // The charts, once opened: one dot and whisker pair per model, a line per model and endpoint, and cost bars.
    await page.getByTestId('speed-details').locator('summary').click();
    const charts = page.getByTestId('speed-charts');
    await charts.waitFor();
    expect(await page.getByTestId('chart-speed').locator('g[data-model] circle').count()).toBe(3);
    expect(await page.getByTestId('chart-speed-time').locator('g[data-model] path').count()).toBe(3);
    expect(await page.getByTestId('chart-cost').locator('rect.cost-bar').count()).toBeGreaterThan(0);
    await charts.scrollIntoViewIfNeeded();
    await shot(page, 'categories-speed-charts');
    expect(pageErrors(page)).toEqual([]);
  });

  it('downloads the board as CSV', async () => {
    const res = await fetch(`${arena.server.url}/api/leaderboard.csv?mode=blind&category=coding`);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(expect.arrayContaining(['coder', 'plain', 'poet']));
  });

  it('keeps the charts and the controls out of the arena page first load', () => {
    const size = measureBundle();
    const initial = size.files.filter((f) => f.initial).map((f) => f.file);
    expect(initial.some((f) => /speed-charts/.test(f))).toBe(false);
    expect(size.initialGzip).toBeLessThan(60_000);
  });
});
