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
 * never whole; memory holds two batches: one being written, the next being
 * read). Each line is validated on its own: a bad line is reported by its
 * number and skipped, the good lines around it (in its batch too) are
 * written. Valid battles are written `batchSize` to a transaction, one batch
 * at a time and in order, while the next batch is parsed: with a database
 * server the parsing and the server's work overlap. A line already imported
 * is counted as a duplicate, so running it twice is harmless. A storage
 * failure rejects: the batches committed before it stay written, and no later
 * batch is started.
 */
export async function importCleanBattles(
  lines: Iterable<string> | AsyncIterable<string>,
  store: BattleStore,
  opts: { batchSize?: number } = {},
): Promise<ImportReport> {
  const batchSize = Math.max(1, opts.batchSize ?? IMPORT_BATCH);
  const report: ImportReport = { imported: 0, duplicates: 0, invalid: [] };
  let batch: ImportedBattle[] = [];
  let writing: Promise<void> = Promise.resolve();
  const count = (outcomes: readonly ('imported' | 'duplicate')[]) => {
    for (const o of outcomes) {
      if (o === 'duplicate') report.duplicates++;
      else report.imported++;
    }
  };
  const flush = async () => {
    // The batch before must be written first: batches commit in file order, and none starts after a failure.
    await writing;
    if (batch.length === 0) return;
    writing = store.importBattles(batch).then(count);
    // Awaited at the next flush; until then a failure must not count as an unhandled rejection.
    writing.catch(() => undefined);
    batch = [];
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
  await writing;
  return report;
}
