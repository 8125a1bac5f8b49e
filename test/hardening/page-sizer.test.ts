import { describe, expect, it } from 'vitest';
import { PAGE_BUDGET_MS, PageSizer } from '../../server/page-sizer.ts';

/** A sizer on a busy clock the test moves: each page "takes" msPerRow for each row it brought. */
function sized(max: number, msPerRow: number, pages: number, opts: { min?: number } = {}): number[] {
  let busy = 0;
  const sizer = new PageSizer(max, { ...opts, busy: () => busy });
  const limits: number[] = [];
  for (let i = 0; i < pages; i++) {
    const limit = sizer.next();
    limits.push(limit);
    busy += limit * msPerRow;
    sizer.done(limit);
  }
  return limits;
}

describe('PageSizer: pages sized by the time they hold the event loop', () => {
  it('shrinks a page that overran the budget to what fits in it, at once', () => {
    // 40 µs a row: 100 rows fit in 4 ms.
    const limits = sized(1000, 0.04, 3);
    expect(limits[0]).toBe(256);
    expect(limits[1]).toBe(Math.floor(PAGE_BUDGET_MS / 0.04));
    expect(limits[2]).toBe(limits[1]);
  });

  it('grows at most twofold per page while pages are quick, up to the largest page', () => {
    // 1 µs a row: 4,000 rows would fit.
    expect(sized(1000, 0.001, 4)).toEqual([256, 512, 1000, 1000]);
  });

  it('keeps to the smallest page however slow the rows, and a small largest page holds', () => {
    expect(sized(1000, 5, 3, { min: 20 })).toEqual([256, 20, 20]);
    expect(sized(10, 0.001, 2)).toEqual([10, 10]);
  });

  it('starts at the size given, and grows from there', () => {
    let busy = 0;
    const sizer = new PageSizer(500, { initial: 8, min: 4, busy: () => busy });
    expect(sizer.next()).toBe(8);
    busy += 0.1;
    sizer.done(8);
    expect(sizer.next()).toBe(16);
  });

  it('leaves the size alone after an empty page', () => {
    let busy = 0;
    const sizer = new PageSizer(1000, { busy: () => busy });
    sizer.next();
    busy += 50;
    sizer.done(0);
    expect(sizer.next()).toBe(256);
  });

  it('counts only the event loop’s busy time by default: a page waited for (a database server’s time) does not shrink it', async () => {
    // A 40 ms budget and a 60 ms wait: counted by the wall clock the page would shrink to two thirds, while the
    // event loop's own work meanwhile (a collection, the runner's messages: 4 ms of a 30 ms wait in a loaded CI
    // run) would have to reach 20 ms to stop it doubling.
    const sizer = new PageSizer(1000, { budgetMs: 40 });
    const first = sizer.next();
    await new Promise((r) => setTimeout(r, 60));
    sizer.done(first);
    expect(sizer.next()).toBe(2 * first);
  });

  it('shrinks after a page whose rows held the event loop (the default clock)', () => {
    const sizer = new PageSizer(1000);
    const first = sizer.next();
    const until = performance.now() + 3 * PAGE_BUDGET_MS;
    while (performance.now() < until);
    sizer.done(first);
    expect(sizer.next()).toBeLessThan(first / 2);
  });
});
