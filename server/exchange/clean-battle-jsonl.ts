import { CleanBattle } from '../../shared/clean-battle.ts';
import type { BattleStore, VoteCursor } from '../../db/battle-store.ts';
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
 * Imports clean-battle JSON lines as they come (a file is read line by line,
 * never whole). Each line is validated on its own and written in its own
 * transaction: a bad line is reported and skipped, a line already imported is
 * counted as a duplicate, so running it twice is harmless.
 */
export async function importCleanBattles(lines: Iterable<string> | AsyncIterable<string>, store: BattleStore): Promise<ImportReport> {
  const report: ImportReport = { imported: 0, duplicates: 0, invalid: [] };
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
    if ((await store.importBattle(fromCleanBattle(parsed.data))) === 'duplicate') report.duplicates++;
    else report.imported++;
  }
  return report;
}
