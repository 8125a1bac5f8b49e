import type { BattleStore } from '../../db/battle-store.ts';
import { importCleanBattles, type ImportReport } from '../exchange/clean-battle-jsonl.ts';

const BATCH_LINES = 200;
/** A line longer than this is refused: the largest battle Versus stores (20 turns of 1 MiB answers per side) fits. */
export const MAX_LINE_CHARS = 64 * 1024 * 1024;

export class LineTooLongError extends Error {
  override name = 'LineTooLongError';
}

/**
 * Imports clean-battle JSON Lines as they arrive: lines are handed to the
 * importer in batches, so memory holds one batch and one partial line, never
 * the whole upload. Line numbers in the report count from the body's first line.
 */
export async function importJsonlStream(body: ReadableStream<Uint8Array>, store: BattleStore): Promise<ImportReport> {
  const report: ImportReport = { imported: 0, duplicates: 0, invalid: [] };
  let linesDone = 0;
  let batch: string[] = [];
  const flush = async () => {
    const r = await importCleanBattles(batch, store);
    report.imported += r.imported;
    report.duplicates += r.duplicates;
    for (const bad of r.invalid) report.invalid.push({ line: bad.line + linesDone, message: bad.message });
    linesDone += batch.length;
    batch = [];
  };
  // The current line's pieces: a long line is joined once, when its newline arrives.
  let pieces: string[] = [];
  let pending = 0;
  const endLine = async (last: string) => {
    pieces.push(last);
    batch.push(pieces.join(''));
    pieces = [];
    pending = 0;
    if (batch.length >= BATCH_LINES) await flush();
  };
  const decoder = new TextDecoder();
  const reader = body.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      await endLine(text.slice(from, nl));
      from = nl + 1;
    }
    const rest = text.slice(from);
    if (rest) {
      pieces.push(rest);
      pending += rest.length;
      if (pending > MAX_LINE_CHARS) {
        await reader.cancel();
        throw new LineTooLongError(`line ${linesDone + batch.length + 1} is longer than ${MAX_LINE_CHARS} characters`);
      }
    }
    if (done) break;
  }
  if (pieces.length > 0) await endLine('');
  if (batch.length > 0) await flush();
  return report;
}
