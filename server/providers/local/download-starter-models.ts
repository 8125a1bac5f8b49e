import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DownloadError, downloadModel } from './download-model.ts';
import { createProgressBar, type ProgressStream } from './progress-bar.ts';
import type { StarterModel } from './starter-model.ts';

export interface DownloadStartersOptions {
  starters: StarterModel[];
  modelsDir: string;
  say: (line: string) => void;
  /** Where the bars are drawn; defaults to stderr so stdout stays clean for logs. */
  progressStream?: ProgressStream;
  connectTimeoutMs?: number;
  signal?: AbortSignal;
}

export type StarterOutcome = { label: string; ok: true; file: string } | { label: string; ok: false; reason: string };

/** 376 MB, 0.6 MB: whole megabytes once they are many. */
function megabytes(bytes: number): string {
  const mb = bytes / 1e6;
  return `${mb >= 10 ? mb.toFixed(0) : mb.toFixed(1)} MB`;
}

/**
 * First run with nothing to talk to: fetch the small starter models one after
 * the other, saying what, how big in all and where before the first byte.
 * A file already in place is kept (only verified files are ever renamed into
 * place). One that fails is reported and the others are kept; once a host
 * cannot be reached, the rest from it are not tried. Never throws.
 */
export async function downloadStarterModels(o: DownloadStartersOptions): Promise<StarterOutcome[]> {
  const dest = (s: StarterModel) => join(o.modelsDir, s.fileName);
  const present = o.starters.filter((s) => existsSync(dest(s)));
  const missing = o.starters.filter((s) => !present.includes(s));
  const outcomes = new Map<StarterModel, StarterOutcome>(present.map((s) => [s, { label: s.label, ok: true, file: dest(s) }]));
  if (missing.length > 0) {
    const total = missing.reduce((n, s) => n + s.sizeBytes, 0);
    const what = missing.length === 1 ? 'a starter model' : `${missing.length} starter models`;
    const lead =
      present.length > 0 ? `${present.length} starter model${present.length === 1 ? ' is' : 's are'} here already.` : 'No model found.';
    o.say(`${lead} Downloading ${what}, ${megabytes(total)} in all, into ${o.modelsDir} (set VERSUS_OFFLINE=1 to skip this):`);
    for (const s of missing) o.say(`  - ${s.label}, ${megabytes(s.sizeBytes)} (${s.license})`);
  }

  const unreachable = new Map<string, string>();
  for (const s of missing) {
    const host = new URL(s.url).host;
    const known = unreachable.get(host);
    if (known) {
      outcomes.set(s, { label: s.label, ok: false, reason: known });
      continue;
    }
    o.say(`  ${s.label} from ${s.url}`);
    const bar = createProgressBar(o.progressStream ?? process.stderr, `  ${s.fileName}`);
    try {
      await downloadModel({
        url: s.url,
        sha256: s.sha256,
        sizeBytes: s.sizeBytes,
        dest: dest(s),
        onProgress: (p) => bar.update(p),
        connectTimeoutMs: o.connectTimeoutMs ?? 5_000,
        ...(o.signal ? { signal: o.signal } : {}),
      });
      bar.done();
      o.say(`  Downloaded and verified (sha256 ${s.sha256.slice(0, 12)}…): ${dest(s)}`);
      outcomes.set(s, { label: s.label, ok: true, file: dest(s) });
    } catch (e) {
      bar.done();
      const reason = (e as Error).message;
      // No network (or a stop): the next file from the same host would only wait for the same timeout.
      if (e instanceof DownloadError && (e.kind === 'network' || e.kind === 'cancelled')) unreachable.set(host, reason);
      outcomes.set(s, { label: s.label, ok: false, reason });
    }
  }

  const all = o.starters.map((s) => outcomes.get(s)!);
  const kept = all.filter((r) => r.ok);
  const failed = all.filter((r): r is Extract<StarterOutcome, { ok: false }> => !r.ok);
  if (failed.length > 0 && kept.length === 0) {
    const reasons = [...new Set(failed.map((f) => f.reason))].join('; ');
    o.say(
      `Could not download the starter model${failed.length === 1 ? '' : 's'} (${reasons}); starting without ${failed.length === 1 ? 'it' : 'them'}.`,
    );
  } else {
    for (const f of failed) o.say(`Could not download ${f.label} (${f.reason}); keeping ${kept.map((k) => k.label).join(', ')}.`);
  }
  return all;
}
