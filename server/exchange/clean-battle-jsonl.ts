import { CleanBattle } from '../../shared/clean-battle.ts';
import type { BattleStore } from '../../db/battle-store.ts';
import { formatZodError } from '../config/format-zod-error.ts';
import { fromCleanBattle, importedBattleId } from './from-clean-battle.ts';
import { toCleanBattle } from './to-clean-battle.ts';

export interface ExportOptions {
  /** Include battles nobody voted on (with winner omitted they are not clean battles, so off by default). */
  mode?: 'blind' | 'named' | 'all';
}

/** Every voted battle as one JSON line, in vote order. */
export function* exportCleanBattles(store: BattleStore, opts: ExportOptions = {}): Generator<string> {
  const mode = opts.mode ?? 'all';
  // Ids first: the statement iterating battles must not stay open while others run.
  for (const id of [...store.votedBattleIds()]) {
    const d = store.getBattle(id);
    if (!d || (mode !== 'all' && d.battle.mode !== mode)) continue;
    const clean = toCleanBattle(d);
    if (clean) yield JSON.stringify(clean) + '\n';
  }
}

export interface ImportReport {
  imported: number;
  duplicates: number;
  invalid: { line: number; message: string }[];
}

/**
 * Imports clean-battle JSON lines. Each line is validated on its own and
 * written in its own transaction: a bad line is reported and skipped, a line
 * already imported is counted as a duplicate, so running it twice is harmless.
 */
export function importCleanBattles(lines: Iterable<string>, store: BattleStore): ImportReport {
  const report: ImportReport = { imported: 0, duplicates: 0, invalid: [] };
  let n = 0;
  for (const raw of lines) {
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
    if (store.hasBattle(importedBattleId(parsed.data))) {
      report.duplicates++;
      continue;
    }
    store.importBattle(fromCleanBattle(parsed.data));
    report.imported++;
  }
  return report;
}
