import { join } from 'node:path';
import { downloadModel } from './download-model.ts';
import { createProgressBar, type ProgressStream } from './progress-bar.ts';
import type { StarterModel } from './starter-model.ts';

export interface DownloadStarterOptions {
  starter: StarterModel;
  modelsDir: string;
  say: (line: string) => void;
  /** Where the bar is drawn; defaults to stderr so stdout stays clean for logs. */
  progressStream?: ProgressStream;
  connectTimeoutMs?: number;
  signal?: AbortSignal;
}

export type StarterOutcome = { ok: true; file: string } | { ok: false; reason: string };

/** First run with nothing to talk to: fetch one small model, saying what, how big and where. Never throws. */
export async function downloadStarterModel(o: DownloadStarterOptions): Promise<StarterOutcome> {
  const dest = join(o.modelsDir, o.starter.fileName);
  const mb = (o.starter.sizeBytes / 1e6).toFixed(0);
  o.say(`No model found. Downloading a starter model: ${o.starter.label}, ${mb} MB (${o.starter.license}), into ${o.modelsDir}`);
  o.say(`  from ${o.starter.url}  (set VERSUS_OFFLINE=1 to skip this)`);
  const bar = createProgressBar(o.progressStream ?? process.stderr, `  ${o.starter.fileName}`);
  try {
    await downloadModel({
      url: o.starter.url,
      sha256: o.starter.sha256,
      sizeBytes: o.starter.sizeBytes,
      dest,
      onProgress: (p) => bar.update(p),
      connectTimeoutMs: o.connectTimeoutMs ?? 5_000,
      ...(o.signal ? { signal: o.signal } : {}),
    });
    bar.done();
    o.say(`  Downloaded and verified (sha256 ${o.starter.sha256.slice(0, 12)}…): ${dest}`);
    return { ok: true, file: dest };
  } catch (e) {
    bar.done();
    const reason = (e as Error).message;
    o.say(`Could not download the starter model (${reason}); starting without it.`);
    return { ok: false, reason };
  }
}
