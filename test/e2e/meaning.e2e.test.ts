import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeServer } from '../helpers/fake-openai-server.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { seededRandom } from '../helpers/seeded-random.ts';
import { TopicEmbedder } from '../helpers/topic-embedder.ts';
import { measureBundle } from './bundle-size.ts';
import { buildClientOnce, expectAccessible, launchBrowser, newPage, pageErrors, shot } from './browser.ts';

/**
 * The "Board by meaning" section in Chromium, on battles run through the real
 * arena over the websocket: each battle's prompt is embedded when it is
 * stored, as in production. Coding prompts mostly go to Coder, poems to Poet.
 * The embedder is the keyword stand-in (test/helpers/topic-embedder.ts); the
 * real llama.cpp path is test/meaning/llama-embeddings.test.ts's.
 */
const CODING = 'Why does this TypeScript function not compile?';
const POEM = 'Write a short poem about the sea at night';

let openai: FakeServer;
let arena: TestArena;
let browser: Browser;
const embedder = new TopicEmbedder();

beforeAll(async () => {
  await buildClientOnce();
  const say = (text: string) => ({ tokens: text.match(/.{1,6}/gs)!, firstTokenMs: 10, intervalMs: 5 });
  openai = await startFakeOpenAI({
    models: { coder: say('Use a number literal.'), poet: say('Dark water hums.'), plain: say('Here is an answer.') },
  });
  arena = await startTestArena(
    {
      endpoints: [{ id: 'fake', label: 'Fake Cloud', kind: 'openai', baseURL: openai.baseURL }],
      models: [
        testModel('coder', 'fake', 'coder', { label: 'Coder' }),
        testModel('poet', 'fake', 'poet', { label: 'Poet' }),
        testModel('plain', 'fake', 'plain', { label: 'Plain' }),
      ],
      ratings: { rounds: 100, seed: 7, provisionalVotes: 3 },
      limits: { battles: { burst: 500, perMinute: 6000 }, votes: { burst: 500, perMinute: 6000 } },
      // Seated alike every run: uniform pairs from a seeded source. Adaptive pairing follows the live board, and
      // twice in full runs it left Coder too few code battles to lead the code topic's board.
      battle: { pairing: 'uniform' },
    },
    { server: { meaningEmbedder: embedder, random: seededRandom(11) } },
  );
  const client = await TestClient.connect(arena.wsUrl, { cookie: `versus_sid=${'M'.repeat(32)}` });
  // The favourite wins three battles in four when it is seated and ties the fourth (no model is unbeaten, so
  // the fit stays finite); a battle without it is a tie. Blind pairs are drawn at random, so the outcome must
  // not hang on the draw: when any of it decided the other pairs, Coder could beat Plain often enough in poem
  // battles to pass a Poet that had been seated only a few times.
  const favour = (m: string, i: number) => (a: string, b: string) =>
    a === m ? (i % 4 === 3 ? 'tie' : 'a') : b === m ? (i % 4 === 3 ? 'tie' : 'b') : 'tie';
  let n = 0;
  const battle = async (prompt: string, winner: (a: string, b: string) => 'a' | 'b' | 'tie') => {
    const requestId = `meaning-${n++}`;
    client.send({ type: 'start', mode: 'blind', prompt, requestId });
    const { battleId } = await client.next('battle-started', (m) => m.requestId === requestId);
    await client.next('turn-ended', (m) => m.battleId === battleId);
    const { modelA, modelB } = (await arena.server.store.getBattle(battleId))!.battle;
    client.send({ type: 'vote', battleId, choice: winner(modelA, modelB), requestId: `${requestId}-v` });
    await client.next('vote-recorded', (m) => m.requestId === `${requestId}-v`);
  };
  for (let i = 0; i < 12; i++) {
    await battle(CODING, favour('coder', i));
    await battle(POEM, favour('poet', i));
  }
  await client.close();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await arena?.close();
  await openai?.close();
});

describe('the board by meaning on the page', () => {
  it('embedded each live battle’s prompt when it was stored', () => {
    expect(embedder.embedded.filter((e) => e.kind === 'document').map((e) => e.text)).toHaveLength(24);
  });

  it('ranks Coder first for a code topic and Poet for a poem, with intervals and the effective votes', async () => {
    // CSP bypassed only so the accessibility checker (axe) can be injected.
    const page = await newPage(browser, { bypassCSP: true });
    await page.goto(`${arena.server.url}/#/leaderboard`);
    await page.getByTestId('meaning-details').locator('summary').click();
    const box = page.getByLabel('Topic');
    await box.fill('TypeScript code review');
    await page.getByTestId('meaning-details').getByRole('button', { name: 'Rate', exact: true }).click();
    const firstModel = () => page.getByTestId('meaning-table').locator('tbody tr th').first().textContent();
    await expect.poll(firstModel, { timeout: 15_000 }).toBe('Coder');
    const summary = await page.getByTestId('meaning-summary').textContent();
    expect(summary).toMatch(/≈ 12 effective votes of 24 for “TypeScript code review”/);
    expect(await page.getByTestId('meaning-table').locator('tbody tr').first().locator('td').nth(1).textContent()).toMatch(
      /^\d+ \+\d+\/−\d+$/,
    );
    await page.getByTestId('meaning-details').scrollIntoViewIfNeeded();
    await shot(page, 'meaning-code');
    await expectAccessible(page, 'board by meaning');

    await box.fill('a poem about the sea');
    await page.getByTestId('meaning-details').getByRole('button', { name: 'Rate', exact: true }).click();
    await expect.poll(firstModel, { timeout: 15_000 }).toBe('Poet');
    await shot(page, 'meaning-poem');
    expect(pageErrors(page)).toEqual([]);
  });

  it('keeps its code out of the arena page first load', () => {
    const size = measureBundle();
    expect(size.files.filter((f) => f.initial).some((f) => /meaning/.test(f.file))).toBe(false);
    expect(size.files.some((f) => /meaning-board/.test(f.file))).toBe(true);
    expect(size.initialGzip).toBeLessThan(60_000);
  });
});
