import type { Page } from 'playwright-core';

/**
 * The panes' wheel and scroll events as the page saw them, kept in the page
 * (each pane's latest 30), so a scroll step that fails on a loaded machine says what
 * happened instead of only that a wait ran out: which events came, in what
 * order, and where each left the pane.
 */
export async function recordScrolls(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const log: Record<string, string[]> = {};
    (window as unknown as { __scrollLog: typeof log }).__scrollLog = log;
    const t0 = performance.now();
    const note = (e: Event) => {
      const el = e.target;
      if (!(el instanceof HTMLElement)) return;
      const scroller = el.closest('.pane-scroll');
      if (!(scroller instanceof HTMLElement)) return;
      const side = scroller.closest<HTMLElement>('[data-side]')?.dataset.side ?? '?';
      const delta = e instanceof WheelEvent ? ` deltaY ${e.deltaY}` : '';
      const range = scroller.scrollHeight - scroller.clientHeight;
      const mine = (log[side] ??= []);
      mine.push(`${Math.round(performance.now() - t0)} ms ${side} ${e.type}${delta}: top ${Math.round(scroller.scrollTop)} of ${range}`);
      if (mine.length > 30) mine.shift();
    };
    for (const type of ['wheel', 'scroll']) document.addEventListener(type, note, { capture: true, passive: true });
  });
}

/** Runs a step of a scroll test; when it fails, its error carries each pane's latest scroll events. */
export async function scrollStep<T>(page: Page, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    const log = await page
      .evaluate(() => Object.values((window as unknown as { __scrollLog?: Record<string, string[]> }).__scrollLog ?? {}).flat())
      .catch(() => ['(the page could not be read)']);
    throw new Error(`${(e as Error).message}\nThe panes' latest scroll events:\n${log.join('\n')}`, { cause: e });
  }
}
