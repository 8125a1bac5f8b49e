import { matching } from '../helpers/match.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentText } from '../helpers/fake-provider-server.ts';
import { startFakeOpenAI, type FakeServer, type RecordedRequest } from '../helpers/fake-openai-server.ts';
import type { FakeScript } from '../helpers/fake-script.ts';
import { startTestArena, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { buildClientOnce, launchBrowser, newPage, pageErrors, shot, waitEnabled, waitPhase } from './browser.ts';
import { measureBundle } from './bundle-size.ts';

/**
 * The whole product as a person uses it: Debian's Chromium (driven by
 * playwright-core) against the real server, which streams from a local fake
 * OpenAI-compatible provider with scripted tokens and delays.
 *
 * Which script answers is chosen by a tag in the prompt ([slow], [xss],
 * [limit-b], [quick]) and by the upstream model, so a blind battle (random
 * sides) still gets both answers the test expects.
 *
 * Robustness on a loaded 2-core machine: nothing asserts on a fixed sleep.
 * Streaming is checked from a MutationObserver's record of what the page
 * showed (so "text grew while streaming" cannot be missed by polling), and
 * every wait is one of Playwright's auto-waiting calls.
 */

/** Splits text into small tokens, so Markdown and payloads are only whole once streamed. */
function tokenize(text: string, size = 6): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

const markdownAnswer = (name: string) =>
  [
    `## Answer from ${name}`,
    '',
    'Here is a list:',
    '',
    '- first item',
    '- second item',
    '',
    '| col | val |',
    '| --- | --- |',
    '| x | 1 |',
    '',
    '```js',
    'console.log("hi");',
    '```',
    '',
    'Done.',
  ].join('\n');

const XSS_ANSWER = [
  'Look: <img src=x onerror="window.__xss=1"> and more.',
  '',
  '<script>window.__xss=1</script>',
  '',
  '[click](javascript:window.__xss=1) and <a href="javascript:window.__xss=1">raw link</a>',
  '',
  '<svg onload="window.__xss=1"></svg><iframe src="javascript:window.__xss=1"></iframe>',
  '',
  '![pixel](http://127.0.0.1:9/pixel.png) <b onmouseover="window.__xss=1">bold</b>',
].join('\n');

function lastUserPrompt(req: RecordedRequest): string {
  const messages = (req.body as { messages?: { role: string; content: unknown }[] } | undefined)?.messages ?? [];
  const users = messages.filter((m) => m.role === 'user');
  return contentText(users[users.length - 1]?.content);
}

function scriptFor(req: RecordedRequest): FakeScript {
  const prompt = lastUserPrompt(req);
  const model = req.model ?? '';
  // Answers do not name their model: the server flags (and leaves out of the blind leaderboard) those that do.
  const name = model === 'alpha' ? 'number one' : 'number two';
  if (prompt.includes('[limit-b]') && model === 'beta') {
    return { httpError: { status: 429, headers: { 'retry-after': '7' }, message: 'Rate limit reached for requests' } };
  }
  if (prompt.includes('[slow]')) return { tokens: Array.from({ length: 300 }, (_, i) => `w${i} `), firstTokenMs: 100, intervalMs: 40 };
  if (prompt.includes('[xss]')) return { tokens: tokenize(XSS_ANSWER, 5), firstTokenMs: 50, intervalMs: 10 };
  if (prompt.includes('[quick]')) return { tokens: tokenize(`Quick answer from ${name}.`, 4), firstTokenMs: 20, intervalMs: 10 };
  // The default: Markdown streamed over about 1.5–2 s, with a visible wait first.
  const tokens = tokenize(markdownAnswer(name));
  return model === 'alpha'
    ? { tokens, firstTokenMs: 400, intervalMs: 45, usage: { inputTokens: 21, outputTokens: tokens.length } }
    : { tokens, firstTokenMs: 700, intervalMs: 35, usage: { inputTokens: 21, outputTokens: tokens.length } };
}

let fake: FakeServer;
let arena: TestArena;
let dir: string;
let browser: Browser;
let config: Record<string, unknown>;

beforeAll(async () => {
  await buildClientOnce();
  fake = await startFakeOpenAI({ script: scriptFor, modelIds: ['alpha', 'beta'] });
  config = {
    endpoints: [
      { id: 'fake', kind: 'openai', baseURL: fake.baseURL, includeUsage: true },
      // An endpoint whose key is not set: its model is listed as unavailable, with the reason.
      { id: 'keyless', kind: 'openai', baseURL: fake.baseURL, apiKeyEnv: 'VERSUS_E2E_MISSING_KEY' },
    ],
    models: [
      testModel('alpha', 'fake', 'alpha', { label: 'Alpha', organisation: 'Alpha Labs', pricing: { inputPerMTok: 1, outputPerMTok: 2 } }),
      testModel('beta', 'fake', 'beta', { label: 'Beta', organisation: 'Beta Inc', pricing: { inputPerMTok: 3, outputPerMTok: 15 } }),
      testModel('gamma', 'keyless', 'gamma', { label: 'Gamma', organisation: 'Gamma Co' }),
    ],
    limits: { battles: { burst: 100, perMinute: 600 }, votes: { burst: 100, perMinute: 600 } },
  };
  dir = mkdtempSync(join(tmpdir(), 'versus-e2e-'));
  arena = await startTestArena(config, { dir });
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await arena?.close();
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openArena(opts: BrowserContextOptions = {}): Promise<Page> {
  const page = await newPage(browser, opts);
  await page.goto(arena.server.url + '/');
  await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();
  return page;
}

/** Records what the latest turn's panes showed at every DOM change. */
async function recordPanes(page: Page) {
  await page.evaluate(() => {
    type Sample = { side: string; phase: string; len: number; ttft: string; waiting: boolean; voteDisabled: boolean };
    const w = window as unknown as { __samples: Sample[] };
    w.__samples = [];
    const snap = () => {
      const turns = document.querySelectorAll('article.turn');
      const last = turns[turns.length - 1];
      if (!last) return;
      const votes = [...document.querySelectorAll<HTMLButtonElement>('.btn-vote')];
      for (const pane of last.querySelectorAll<HTMLElement>('[data-side]')) {
        w.__samples.push({
          side: pane.dataset.side!,
          phase: pane.dataset.phase!,
          len: pane.querySelector('.answer-body')!.textContent.length,
          ttft: pane.querySelector('[data-metric="ttft"]')?.textContent ?? '',
          waiting: pane.querySelector('.waiting') !== null,
          voteDisabled: votes.length === 4 && votes.every((b) => b.disabled),
        });
      }
    };
    new MutationObserver(snap).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

type Sample = { side: string; phase: string; len: number; ttft: string; waiting: boolean; voteDisabled: boolean };
const samples = (page: Page) => page.evaluate(() => (window as unknown as { __samples: Sample[] }).__samples);

const pane = (page: Page, side: 'a' | 'b') => page.locator('article.turn').last().locator(`[data-side="${side}"]`);

/** Picks a model in a combobox by typing part of its name and pressing Enter. */
async function pickModel(page: Page, id: string, label: string) {
  await page.locator(`#${id}`).fill(label.slice(0, 3));
  await page.locator(`#${id}`).press('ArrowDown');
  await page.locator(`#${id}`).press('Enter');
  expect(await page.locator(`#${id}`).inputValue()).toBe(label);
}

async function sendPrompt(page: Page, text: string, box = '#prompt') {
  await page.locator(box).fill(text);
  await page.locator(box).press('Enter');
}

describe('the built client', () => {
  it('keeps the arena page lean: under 60 kB of gzipped JavaScript before the Markdown chunk; extras load lazily', () => {
    const size = measureBundle();
    console.log(
      `arena page JavaScript, gzipped: ${(size.initialGzip / 1000).toFixed(1)} kB initial, ` +
        `${(size.totalGzip / 1000).toFixed(1)} kB with every lazy chunk`,
    );
    expect(size.files.some((f) => f.initial)).toBe(true);
    expect(size.initialGzip).toBeLessThan(60_000);
    // The highlighter and the diff library are chunks of their own, fetched only when an answer needs them.
    const extras = size.files.filter((f) => /\/(highlight|word-diff)-/.test(f.file));
    expect(extras).toHaveLength(2);
    expect(extras.every((f) => !f.initial)).toBe(true);
    // What a first answer needs (the page and the Markdown renderer) stays well under 100 kB.
    const markdown = size.files.find((f) => /\/markdown-/.test(f.file))!;
    expect(size.initialGzip + markdown.gzip).toBeLessThan(100_000);
  });
});

describe('arena in a browser', () => {
  it('blind battle: both panes stream Markdown, numbers appear, vote waits for both, vote reveals names', async () => {
    const page = await openArena();
    await shot(page, '01-arena-empty');
    await recordPanes(page);
    await sendPrompt(page, 'Tell me something, in Markdown');

    await page.locator('article.turn').waitFor();
    // Mid-stream (the first answer has started, the slower one may still wait).
    await page.locator('[data-side="a"] .answer-body, [data-side="b"] .answer-body').filter({ hasText: 'first item' }).first().waitFor();
    await shot(page, '02-arena-streaming');
    for (const side of ['a', 'b'] as const) await waitPhase(pane(page, side), 'finished');

    const seen = await samples(page);
    for (const side of ['a', 'b']) {
      const mine = seen.filter((s) => s.side === side);
      // A visible waiting state before the first token.
      expect(mine.some((s) => s.phase === 'waiting' && s.waiting && s.ttft === 'waiting…')).toBe(true);
      // Text grew token by token while the side was streaming, before it ended.
      const streamingLengths = new Set(mine.filter((s) => s.phase === 'streaming' && s.len > 0).map((s) => s.len));
      expect(streamingLengths.size).toBeGreaterThanOrEqual(5);
      // Live numbers while streaming, before the final ones.
      expect(mine.some((s) => s.phase === 'streaming' && /^\d+(\.\d+)? (ms|s)$/.test(s.ttft))).toBe(true);
    }
    // The vote stayed disabled while anything streamed.
    const whileRunning = seen.filter((s) => s.phase === 'waiting' || s.phase === 'streaming');
    expect(whileRunning.length).toBeGreaterThan(0);
    expect(whileRunning.every((s) => s.voteDisabled)).toBe(true);

    // Markdown, rendered once the answers completed.
    for (const side of ['a', 'b'] as const) {
      const md = pane(page, side).locator('.md');
      await md.locator('h2').filter({ hasText: 'Answer from' }).waitFor();
      expect(await md.locator('li').count()).toBe(2);
      expect(await md.locator('table th').count()).toBe(2);
      expect(await md.locator('table td').count()).toBe(2);
      expect(await md.locator('pre code').textContent()).toContain('console.log("hi");');
      // Numbers with units; blind battles hide cost until the vote.
      const m = pane(page, side).getByTestId('metrics');
      expect(await m.locator('[data-metric="ttft"]').textContent()).toMatch(/^\d+(\.\d+)? (ms|s)$/);
      expect(await m.locator('[data-metric="tps"]').textContent()).toMatch(/tok\/s$/);
      expect(await m.locator('[data-metric="tokens"]').textContent()).toMatch(/^after vote \/ ≈\d+$/);
      expect(await m.locator('[data-metric="cost"]').textContent()).toBe('after vote');
      expect(await pane(page, side).locator('.model-hidden').textContent()).toBe(`Model ${side.toUpperCase()}`);
    }
    // Side by side on a wide screen.
    const [boxA, boxB] = [await pane(page, 'a').boundingBox(), await pane(page, 'b').boundingBox()];
    expect(Math.abs(boxA!.y - boxB!.y)).toBeLessThan(2);
    expect(boxB!.x).toBeGreaterThan(boxA!.x + boxA!.width - 1);

    const voteA = page.getByRole('button', { name: /A is better/ });
    await waitEnabled(voteA);
    await shot(page, '03-arena-finished');
    await page.keyboard.press('1'); // the shortcut shown on the button

    const reveal = page.getByTestId('reveal');
    await reveal.waitFor();
    expect(await reveal.locator('h2').textContent()).toContain('A is better');
    const names = await reveal.locator('thead .model-name').allTextContents();
    expect(names.sort()).toEqual(['Alpha', 'Beta']);
    expect(await reveal.locator('tbody tr').filter({ hasText: 'Cost' }).locator('td').allTextContents()).toEqual([
      matching(/\$\d/),
      matching(/\$\d/),
    ]);
    // The panes now carry the names too.
    expect((await page.getByTestId('model-name').allTextContents()).sort()).toEqual(['Alpha', 'Beta']);
    // …and the cost and the provider's own token counts the blind battle hid.
    for (const side of ['a', 'b'] as const) {
      expect(await pane(page, side).locator('[data-metric="cost"]').textContent()).toMatch(/^\$\d/);
      expect(await pane(page, side).locator('[data-metric="tokens"]').textContent()).toMatch(/^21 \/ \d+$/);
    }
    await shot(page, '04-arena-revealed');

    await page.getByRole('button', { name: /New battle/ }).click();
    await page.locator('#prompt').waitFor();
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('picked models: a rate-limit error shows in its own pane while the other completes', async () => {
    const page = await openArena();
    await page.getByText('Pick models').click();
    await pickModel(page, 'model-a', 'Alpha');
    await pickModel(page, 'model-b', 'Beta');
    // The unavailable model is listed but cannot be picked.
    await page.locator('#model-a').click();
    expect(await page.locator('#model-a-list [data-model-id="gamma"]').getAttribute('aria-disabled')).toBe('true');
    await page.locator('#model-a-list [data-model-id="gamma"]').click({ force: true });
    await page.keyboard.press('Escape');
    expect(await page.locator('#model-a').inputValue()).toBe('Alpha');
    await sendPrompt(page, '[limit-b] Hello there');

    await waitPhase(pane(page, 'b'), 'error');
    const err = pane(page, 'b').locator('.side-error');
    expect(await err.getAttribute('data-error-kind')).toBe('rate_limit');
    expect(await err.textContent()).toContain('Rate limited (HTTP 429)');
    expect(await err.textContent()).toContain('Retry in 7 s');

    await waitPhase(pane(page, 'a'), 'finished');
    await pane(page, 'a').locator('.md h2').filter({ hasText: 'Answer from number one' }).waitFor();
    // Named battle: names and cost are shown from the start.
    expect(await pane(page, 'a').getByTestId('model-name').textContent()).toBe('Alpha');
    expect(await pane(page, 'a').locator('[data-metric="cost"]').textContent()).toMatch(/\$\d/);
    await waitEnabled(page.getByRole('button', { name: /Both are bad/ }));
    await shot(page, '05-arena-provider-error');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('stop one side, then both; a follow-up turn runs in the same battle', async () => {
    const page = await openArena();
    await sendPrompt(page, '[slow] Count for me');
    for (const side of ['a', 'b'] as const) await pane(page, side).locator('.answer-body').filter({ hasText: 'w3' }).waitFor();

    // Tokens update one text node in place (this answer has no finished Markdown block to re-render).
    const first = await page.evaluateHandle(
      () => document.querySelector('article.turn:last-of-type [data-side="a"] .tail')!.firstChild as Text,
    );
    const lengthBefore = await first.evaluate((n) => n.data.length);
    await pane(page, 'a').locator('.answer-body').filter({ hasText: 'w8' }).waitFor();
    const after = await first.evaluate((n) => ({
      same: n === document.querySelector('article.turn:last-of-type [data-side="a"] .tail')!.firstChild,
      length: n.data.length,
    }));
    expect(after.same).toBe(true);
    expect(after.length).toBeGreaterThan(lengthBefore);

    await page.getByRole('button', { name: 'Stop answer A' }).click();
    await waitPhase(pane(page, 'a'), 'cancelled');
    expect(await pane(page, 'b').getAttribute('data-phase')).toBe('streaming');
    expect(await page.getByRole('button', { name: /A is better/ }).isDisabled()).toBe(true);
    const stoppedLength = (await pane(page, 'a').locator('.answer-body').textContent())!.length;
    await shot(page, '06-arena-stopped-one');

    await page.getByRole('button', { name: /Stop both/ }).click();
    await waitPhase(pane(page, 'b'), 'cancelled');
    expect((await pane(page, 'a').locator('.answer-body').textContent())!.length).toBe(stoppedLength);
    await waitEnabled(page.getByRole('button', { name: /Tie/ }));

    await sendPrompt(page, '[quick] And now briefly?', '#follow-up');
    await page.locator('article.turn').nth(1).waitFor();
    for (const side of ['a', 'b'] as const) await waitPhase(pane(page, side), 'finished');
    expect(await page.locator('article.turn').count()).toBe(2);
    expect(await pane(page, 'a').locator('.md').textContent()).toMatch(/Quick answer from number (one|two)\./);
    await waitEnabled(page.getByRole('button', { name: /Tie/ }));
    // Focus is still in the follow-up box, where T is a letter, not a vote.
    await page.keyboard.press('t');
    expect(await page.locator('#follow-up').inputValue()).toBe('t');
    await page.getByRole('button', { name: /Tie/ }).click();
    await page.getByTestId('reveal').waitFor();
    expect(await page.getByTestId('reveal').locator('h2').textContent()).toContain('Tie');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('model output with XSS payloads stays inert', async () => {
    const page = await openArena();
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    const fetched: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(arena.server.url)) fetched.push(r.url());
    });
    await sendPrompt(page, '[xss] Show me some HTML');
    for (const side of ['a', 'b'] as const) await waitPhase(pane(page, side), 'finished');
    for (const side of ['a', 'b'] as const) await pane(page, side).locator('.md').filter({ hasText: 'raw link' }).waitFor();

    // Hovering and clicking what could carry a handler does nothing.
    await pane(page, 'a').locator('.md').getByText('bold').hover();
    await pane(page, 'a').locator('.md a', { hasText: 'click' }).click();

    const report = await page.evaluate(() => {
      const bodies = [...document.querySelectorAll('.answer-body')];
      const all = bodies.flatMap((b) => [...b.querySelectorAll('*')]);
      return {
        xss: (window as unknown as { __xss?: unknown }).__xss,
        dangerous: all.filter((e) => ['IMG', 'SCRIPT', 'IFRAME', 'SVG', 'OBJECT', 'EMBED'].includes(e.tagName.toUpperCase())).length,
        handlers: all.filter((e) => [...e.attributes].some((a) => a.name.toLowerCase().startsWith('on'))).length,
        jsLinks: all.filter(
          (e) => /^\s*javascript:/i.test(e.getAttribute('href') ?? '') || /^\s*javascript:/i.test(e.getAttribute('src') ?? ''),
        ).length,
        links: all.filter((e) => e.tagName === 'A').map((a) => ({ href: a.getAttribute('href'), rel: a.getAttribute('rel') })),
        text: bodies[0]!.textContent,
      };
    });
    expect(report.xss).toBeUndefined();
    expect(dialogs).toBe(0);
    expect(report.dangerous).toBe(0);
    expect(report.handlers).toBe(0);
    expect(report.jsLinks).toBe(0);
    // What the model wrote is shown as text.
    expect(report.text).toContain('<img src=x onerror="window.__xss=1">');
    expect(report.text).toContain('<script>window.__xss=1</script>');
    // The image became a link (never fetched); links that keep an href open safely.
    for (const l of report.links) if (l.href) expect(l.rel).toBe('noopener noreferrer');
    expect(fetched).toEqual([]);
    await shot(page, '07-arena-xss-inert');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('a narrow screen shows one answer at a time under A/B tabs with both statuses (dark scheme)', async () => {
    const page = await openArena({ viewport: { width: 400, height: 900 }, colorScheme: 'dark' });
    await sendPrompt(page, '[quick] Hi from a phone');
    for (const side of ['a', 'b'] as const) await waitPhase(pane(page, side), 'finished');
    const tabs = page.locator('article.turn').last().getByRole('tab');
    expect(await tabs.allTextContents()).toEqual(['AAnswer A:Done', 'BAnswer B:Done']);
    expect(await pane(page, 'b').isVisible()).toBe(false);
    const a = (await pane(page, 'a').boundingBox())!;
    expect(a.width).toBeLessThanOrEqual(400);
    await tabs.nth(1).click();
    expect(await pane(page, 'a').isVisible()).toBe(false);
    const b = (await pane(page, 'b').boundingBox())!;
    expect(Math.abs(a.x - b.x)).toBeLessThan(2);
    // Nothing overflows sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
    await shot(page, '08-arena-narrow-dark');
    await page.context().close();
  });

  it('models page lists every model with availability; leaderboard counts votes', async () => {
    const page = await openArena();
    await page.getByRole('link', { name: 'Models' }).click();
    await page.locator('[data-model-id="gamma"]').waitFor();
    expect(await page.locator('.model-card').count()).toBe(3);
    const gamma = page.locator('[data-model-id="gamma"]');
    expect(await gamma.locator('.badge').textContent()).toBe('Unavailable');
    expect(await gamma.locator('.why').textContent()).toContain('VERSUS_E2E_MISSING_KEY');
    expect(await page.locator('[data-model-id="beta"]').textContent()).toContain('$3.00 / $15.00 per M tokens');
    await shot(page, '09-models');

    await page.getByRole('link', { name: 'Leaderboard' }).click();
    await page.locator('table.leaderboard [data-model-id="alpha"]').waitFor();
    // The blind vote from the first test: one vote for each model.
    const votes = await page.locator('table.leaderboard tbody tr td[data-col="votes"]').allTextContents();
    expect(votes.map(Number).every((v) => v >= 1)).toBe(true);
    await shot(page, '10-leaderboard');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('reconnects after a server restart mid-answer: the battle still takes a vote, and new battles run', async () => {
    const page = await openArena();
    await sendPrompt(page, '[slow] Keep talking');
    for (const side of ['a', 'b'] as const) await pane(page, side).locator('.answer-body').filter({ hasText: 'w2' }).waitFor();

    const port = arena.server.port;
    await arena.server.close();
    await page.getByTestId('connection').filter({ hasText: 'Reconnecting' }).waitFor();
    // The server stopped (and stored) the running answers on its way down (or, had it died, the page
    // marks them stopped when the socket drops); either way each pane says so.
    for (const side of ['a', 'b'] as const) {
      await waitPhase(pane(page, side), 'cancelled');
      expect(await pane(page, side).locator('[data-error-kind]').getAttribute('data-error-kind')).toMatch(/^(cancelled|network)$/);
    }
    expect(await page.getByRole('button', { name: /Both are bad/ }).isDisabled()).toBe(true);
    await shot(page, '11-reconnecting');
    arena = await startTestArena(config, { dir, env: { VERSUS_PORT: String(port) } });
    await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor({ timeout: 20_000 });

    // The restarted server reloads the battle from its database.
    await waitEnabled(page.getByRole('button', { name: /Both are bad/ }));
    await page.getByRole('button', { name: /Both are bad/ }).click();
    await page.getByTestId('reveal').waitFor();
    expect((await page.getByTestId('model-name').allTextContents()).sort()).toEqual(['Alpha', 'Beta']);

    await page.getByRole('button', { name: /New battle/ }).click();
    await sendPrompt(page, '[quick] Still there?');
    for (const side of ['a', 'b'] as const) await waitPhase(pane(page, side), 'finished');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });
});
