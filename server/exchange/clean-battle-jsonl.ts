import { CleanBattle } from '../../shared/clean-battle.ts';
import type { BattleStore, ImportedBattle, VoteCursor } from '../../db/battle-store.ts';
import { formatZodError } from '../config/format-zod-error.ts';
import { fromCleanBattle } from './from-clean-battle.ts';
import { toCleanBattle } from './to-clean-battle.ts';

export interface ExportOptions {
  /** Include battles nobody voted on (with winner omitted they are not clean battles, so off by default). */
  mode?: 'blind' | 'named' | 'all';
}

const PAGE = 256;

/**
 * Every voted battle as one JSON line, in vote order, read as the lines are
 * taken: one page of ids and one battle at a time, so memory does not grow
 * with the arena and nothing stays open between two lines.
 */
export async function* exportCleanBattles(store: BattleStore, opts: ExportOptions = {}): AsyncGenerator<string> {
  const mode = opts.mode ?? 'all';
  for (let after: VoteCursor | null = null; ;) {
    const page = await store.votedBattlesAfter(after, mode, PAGE);
    for (const { battleId } of page) {
      const d = await store.getBattle(battleId);
      const clean = d ? toCleanBattle(d) : null;
      if (clean) yield JSON.stringify(clean) + '\n';
    }
    if (page.length < PAGE) return;
    after = page[page.length - 1]!;
  }
}

export interface ImportReport {
  imported: number;
  duplicates: number;
  invalid: { line: number; message: string }[];
}

/**
 * Battles written per transaction: one commit (one fsync, one WAL flush) per
 * this many, not per battle, and on SQLite a transaction this size holds the
 * event loop for some tens of milliseconds at most.
 */
export const IMPORT_BATCH = 1000;

/**
 * Imports clean-battle JSON lines as they come (a file is read line by line,
 * never whole; memory holds one batch). Each line is validated on its own: a
 * bad line is reported by its number and skipped, the good lines around it
 * (in its batch too) are written. Valid battles are written `batchSize` to a
 * transaction; a line already imported is counted as a duplicate, so running
 * it twice is harmless. A storage failure rejects: the batches committed
 * before it stay written.
 */
export async function importCleanBattles(
  lines: Iterable<string> | AsyncIterable<string>,
  store: BattleStore,
  opts: { batchSize?: number } = {},
): Promise<ImportReport> {
  const batchSize = Math.max(1, opts.batchSize ?? IMPORT_BATCH);
  const report: ImportReport = { imported: 0, duplicates: 0, invalid: [] };
  let batch: ImportedBattle[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const outcomes = await store.importBattles(batch);
    batch = [];
    for (const o of outcomes) {
      if (o === 'duplicate') report.duplicates++;
      else report.imported++;
    }
  };
  let n = 0;
  for await (const raw of lines) {
    n++;
    const line = raw.trim();
    if (line === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      report.invalid.push({ line: n, message: 'not valid JSON' });
      continue;
    }
    const parsed = CleanBattle.safeParse(json);
    if (!parsed.success) {
      report.invalid.push({ line: n, message: formatZodError(parsed.error).replace(/\n/g, '; ') });
      continue;
    }
    batch.push(fromCleanBattle(parsed.data));
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return report;
}
