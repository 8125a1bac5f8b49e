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
 * never whole; memory holds the batches being written and the one being
 * read). Each line is validated on its own: a bad line is reported by its
 * number and skipped, the good lines around it (in its batch too) are
 * written. Valid battles are written `batchSize` to a transaction while the
 * next batch is parsed: with a database server the parsing and the server's
 * work overlap. `inFlight` batches may be written at once (each on its own
 * connection, so a database server puts them on separate cores); a battle a
 * batch still being written holds is a duplicate in any later batch, so the
 * earlier line in the file is the one kept, as one batch at a time would. A
 * line already imported is counted as a duplicate, so running it twice is
 * harmless. A storage failure rejects once the batches already started have
 * finished: what they committed stays written (a second run skips it), and no
 * later batch is started.
 */
export async function importCleanBattles(
  lines: Iterable<string> | AsyncIterable<string>,
  store: BattleStore,
  opts: { batchSize?: number; inFlight?: number } = {},
): Promise<ImportReport> {
  const batchSize = Math.max(1, opts.batchSize ?? IMPORT_BATCH);
  const inFlight = Math.max(1, opts.inFlight ?? 1);
  const report: ImportReport = { imported: 0, duplicates: 0, invalid: [] };
  let batch: ImportedBattle[] = [];
  // Batches being written, oldest first, each with its battles' ids.
  const writing: { done: Promise<void>; ids: ReadonlySet<string> }[] = [];
  // The first failure (an object: the writes that set it run in callbacks, out of the compiler's flow analysis).
  const stop: { failed: Error | null } = { failed: null };
  const count = (outcomes: readonly ('imported' | 'duplicate')[]) => {
    for (const o of outcomes) {
      if (o === 'duplicate') report.duplicates++;
      else report.imported++;
    }
  };
  const flush = async () => {
    while (writing.length >= inFlight) await writing.shift()!.done;
    if (stop.failed !== null || batch.length === 0) return;
    // A battle an earlier batch still being written also holds is a duplicate whatever that batch finds (it writes
    // the battle or finds it stored): the earlier line in the file is the one kept, as when batches go one by one.
    const earlier = writing.map((w) => w.ids);
    const fresh = batch.filter((d) => !earlier.some((ids) => ids.has(d.battle.id)));
    report.duplicates += batch.length - fresh.length;
    const ids = new Set(fresh.map((d) => d.battle.id));
    // A failure is kept, not thrown: the loop stops at it, and the import rejects with it once every batch started
    // has finished (a later batch may still be writing).
    const done = store.importBattles(fresh).then(count, (e: unknown) => {
      stop.failed ??= e instanceof Error ? e : new Error(String(e));
    });
    writing.push({ done, ids });
    batch = [];
  };
  let n = 0;
  for await (const raw of lines) {
    if (stop.failed !== null) break;
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
  if (stop.failed === null) await flush();
  // Every batch started is waited for, so none is still writing when this rejects with the first failure.
  await Promise.all(writing.map((w) => w.done));
  if (stop.failed !== null) throw stop.failed;
  return report;
}
