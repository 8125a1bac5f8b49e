import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../local/file-server.ts';
import { openAIModels, startFakeServer, type FakeServer } from '../discovery/fake-server.ts';
import { startTestArena, type TestArena } from '../helpers/test-arena.ts';
import { buildClientOnce, expectAccessible, launchBrowser, newPage, pageErrors, shot, SIZES } from './browser.ts';

/**
 * A first start with nothing to battle: the arena shows a setup panel with
 * steps and copyable commands, and a prompt that is disabled with the reason.
 * An OpenAI-compatible server then comes up on a port Versus re-probes, and
 * the page follows without a reload (the server's `models-changed` frame).
 */

let arena: TestArena;
let port: number;
let late: FakeServer | undefined;
let browser: Browser;

beforeAll(async () => {
  await buildClientOnce();
  port = await closedPort();
  arena = await startTestArena({
    discovery: {
      servers: [{ id: 'late', label: 'Late server', baseURL: `http://127.0.0.1:${port}/v1` }],
      timeoutMs: 300,
      reprobeSeconds: 0.3,
    },
  });
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await late?.close();
  await arena?.close();
});

describe('zero models', () => {
  for (const [size, viewport] of Object.entries(SIZES)) {
    it(`${size}: a setup panel with copyable commands and a disabled prompt, until a provider appears`, async () => {
      const page = await newPage(browser, { viewport, bypassCSP: true, permissions: ['clipboard-read', 'clipboard-write'] });
      await page.goto(arena.server.url + '/');
      const panel = page.getByTestId('setup-panel');
      await panel.waitFor();
      expect(await panel.locator('h2').textContent()).toBe('Add models to start');
      expect(await panel.textContent()).toContain('No model is available yet, and a battle needs two.');
      expect(await panel.locator('.setup-steps > li h3').count()).toBeGreaterThanOrEqual(5);
      // The prompt says why it is off, instead of ignoring Enter.
      const prompt = page.locator('#prompt');
      expect(await prompt.isDisabled()).toBe(true);
      expect(await page.getByTestId('prompt-hint').textContent()).toMatch(/^No model is available, and a battle needs two\./);
      expect(await prompt.getAttribute('aria-describedby')).toBe('prompt-hint');
      // Commands copy as text.
      await panel.getByRole('button', { name: 'Copy command: ollama pull llama3.2:3b' }).click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('ollama pull llama3.2:3b');
      await expectAccessible(page, `zero models, ${size}`);
      await shot(page, `zero-models-${size}`);
      for (const scheme of ['dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await expectAccessible(page, `zero models, ${size}, ${scheme}`);
        await shot(page, `zero-models-${size}-${scheme}`);
        await page.emulateMedia({ colorScheme: 'light' });
      }

      if (!late) late = await startFakeServer({ '/v1/models': openAIModels('small-chat', 'other-chat') }, port);
      // No reload: the page refetches the models when the server says they changed.
      await panel.waitFor({ state: 'detached', timeout: 15_000 });
      expect(await prompt.isDisabled()).toBe(false);
      await page.getByText('Pick models').click();
      expect(await page.locator('#model-a').inputValue()).toBe('small-chat');
      expect(await page.locator('#model-a-desc').textContent()).toContain('Late server');
      await shot(page, `zero-models-${size}-found`);
      expect(pageErrors(page)).toEqual([]);
      await page.context().close();
      await late.close();
      late = undefined;
      // Back to nothing for the next size.
      const waitGone = async () => {
        for (let i = 0; i < 100; i++) {
          const r = (await (await fetch(`${arena.server.url}/api/models`)).json()) as { models: { available: boolean }[] };
          if (!r.models.some((m) => m.available)) return;
          await new Promise((res) => setTimeout(res, 100));
        }
        throw new Error('the stopped server did not go');
      };
      await waitGone();
    });
  }
});
