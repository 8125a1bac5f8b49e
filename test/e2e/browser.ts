import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { ensureClientBuilt } from '../../server/ensure-client-built.ts';
import { chromiumPath } from './chromium-path.ts';

/** What the browser test files share: Chromium, the built client, pages that record their errors, screenshots. */

export const CHROMIUM = chromiumPath();
export const SCREENSHOTS = resolve(import.meta.dirname, '../../test-results/screenshots');
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/**
 * Builds the client once even when several browser test files start at the
 * same moment (two parallel `vite build`s would empty each other's output).
 * A directory is the lock: mkdir is atomic.
 */
export async function buildClientOnce(): Promise<void> {
  const root = resolve(import.meta.dirname, '../..');
  const lock = join(tmpdir(), `versus-client-build-${createHash('sha1').update(root).digest('hex').slice(0, 12)}.lock`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // A lock left by a killed run is old: take it over. (Gone already: try again at once.)
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > 120_000) rmdirSync(lock);
      else if (since !== undefined) await sleep(200);
    }
  }
  try {
    await ensureClientBuilt(() => {});
  } finally {
    rmdirSync(lock);
  }
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`End-to-end tests need Chromium at ${CHROMIUM} (apt-get install -y chromium; .ci/run installs it).`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** A page in a fresh context that remembers uncaught errors (pageErrors). */
export async function newPage(browser: Browser, opts: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...opts });
  // Shorter than the test's own timeout, so a failed wait says which step it was.
  context.setDefaultTimeout(12_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as Page & { errors?: string[] }).errors = errors;
  return page;
}

export const pageErrors = (page: Page) => (page as Page & { errors?: string[] }).errors ?? [];

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

export async function waitPhase(p: Locator, phase: string | RegExp) {
  const re = typeof phase === 'string' ? new RegExp(`^${phase}$`) : phase;
  await p
    .page()
    .waitForFunction(([el, src]) => new RegExp(src).test((el as HTMLElement).dataset.phase ?? ''), [
      await p.elementHandle(),
      re.source,
    ] as const);
}

export async function waitEnabled(l: Locator) {
  const h = await l.elementHandle();
  await l.page().waitForFunction((el) => !(el as HTMLButtonElement).disabled, h);
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core in the page and returns its serious and critical violations
 * (WCAG A/AA and best-practice rules). The page's CSP forbids inline scripts,
 * so contexts that run axe are opened with `bypassCSP`.
 */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: Document,
            opts: unknown,
          ): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }>;
        };
      }
    ).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact!, help: v.help, targets: v.nodes.slice(0, 5).map((n) => String(n.target.join(' '))) }));
  });
}

/** Fails with the rule, its help and the first offending elements, so a regression says where it is. */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  const found = await axeViolations(page);
  if (found.length > 0) {
    throw new Error(
      `axe found serious or critical violations (${state}):\n${found.map((f) => `- ${f.id} [${f.impact}] ${f.help}: ${f.targets.join(', ')}`).join('\n')}`,
    );
  }
}

/** Whether an element lies wholly inside the viewport. */
export async function inViewport(l: Locator): Promise<boolean> {
  return l.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight + 0.5 && r.right <= window.innerWidth + 0.5 && r.height > 0;
  });
}

export const SIZES = {
  laptop: { width: 1366, height: 900 },
  phone: { width: 390, height: 844 },
} as const;
