import type { RunCounts } from './run-set.ts';

/** One line of a run's progress, e.g. `[#########-----------]  45% 180/400 answers, 2 failed; waiting 3 s (retry-after)`. */
export function progressLine(p: RunCounts, now = Date.now(), width = 30): string {
  const share = p.total === 0 ? 1 : p.done / p.total;
  const filled = Math.round(share * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const pct = `${Math.floor(share * 100)}%`.padStart(4);
  const failed = p.failed > 0 ? `, ${p.failed} failed` : '';
  const wait =
    p.waitingUntil !== null && p.waitingUntil > now ? `; waiting ${Math.ceil((p.waitingUntil - now) / 1000)} s (retry-after)` : '';
  return `${bar} ${pct} ${p.done}/${p.total} answers${failed}${wait}`;
}
