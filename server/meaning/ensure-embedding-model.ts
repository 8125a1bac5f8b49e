import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { downloadModel } from '../providers/local/download-model.ts';
import { createProgressBar, type ProgressStream } from '../providers/local/progress-bar.ts';
import type { EmbeddingModelSpec } from './embedding-model-spec.ts';

/**
 * Where the embedding model lives: its own folder under data/, not ./models,
 * whose every GGUF the arena offers as a chat model.
 */
export const EMBEDDING_MODELS_DIR = 'data/embedding-models';

export type EmbeddingModelFile = { ok: true; path: string } | { ok: false; reason: string };

export interface EnsureEmbeddingModelOptions {
  spec: EmbeddingModelSpec;
  dir: string;
  /** VERSUS_OFFLINE=1 or local.offline: download nothing. */
  offline: boolean;
  say: (line: string) => void;
  progressStream?: ProgressStream;
  connectTimeoutMs?: number;
  signal?: AbortSignal;
}

/** How to put the model in place by hand: said by the route while it is missing, and after a failed download. */
export function embeddingModelHowTo(spec: EmbeddingModelSpec, dir: string): string {
  return (
    `Boards by meaning need the embedding model ${spec.label} (${spec.fileName}, ${spec.sizeBytes.toLocaleString('en-US')} bytes, ` +
    `sha256 ${spec.sha256}). Start Versus once with a network and without VERSUS_OFFLINE=1 to download it, ` +
    `or put that file from ${spec.url} in ${dir} and restart.`
  );
}

/**
 * The embedding GGUF, downloaded on first run like the starter models:
 * what, how big and where is said before the first byte, a progress bar
 * while it comes, and only a file whose size and SHA-256 match is renamed
 * into place (download-model.ts). A file already there is used as it is.
 * Never throws: a failure is a reason.
 */
export async function ensureEmbeddingModel(o: EnsureEmbeddingModelOptions): Promise<EmbeddingModelFile> {
  const dest = join(o.dir, o.spec.fileName);
  if (existsSync(dest)) return { ok: true, path: dest };
  if (o.offline) return { ok: false, reason: `${o.spec.fileName} is not in ${o.dir}, and VERSUS_OFFLINE=1 downloads nothing` };
  const megabytes = o.spec.sizeBytes / 1e6;
  const mb = megabytes >= 10 ? megabytes.toFixed(0) : megabytes.toFixed(1);
  o.say(
    `Boards by meaning: downloading the embedding model ${o.spec.label}, ${mb} MB in all (${o.spec.license}), ` +
      `into ${o.dir} (set VERSUS_OFFLINE=1 to skip this):`,
  );
  o.say(`  ${o.spec.label} from ${o.spec.url}`);
  const bar = createProgressBar(o.progressStream ?? process.stderr, `  ${o.spec.fileName}`);
  try {
    await downloadModel({
      url: o.spec.url,
      sha256: o.spec.sha256,
      sizeBytes: o.spec.sizeBytes,
      dest,
      onProgress: (p) => bar.update(p),
      connectTimeoutMs: o.connectTimeoutMs ?? 5_000,
      ...(o.signal ? { signal: o.signal } : {}),
    });
    bar.done();
    o.say(`  Downloaded and verified (sha256 ${o.spec.sha256.slice(0, 12)}…): ${dest}`);
    return { ok: true, path: dest };
  } catch (e) {
    bar.done();
    const reason = (e as Error).message;
    o.say(`Could not download the embedding model (${reason}); boards by meaning are off until it is in ${o.dir}.`);
    return { ok: false, reason };
  }
}

/** Offline as the starter download reads it (discover.ts): the config's local.offline, or VERSUS_OFFLINE set to anything but 0/false/no/off. */
export function embeddingDownloadsOff(configOffline: boolean, env: Record<string, string | undefined>): boolean {
  const v = env['VERSUS_OFFLINE'];
  return configOffline || (v !== undefined && !/^(0|false|no|off)?$/i.test(v.trim()));
}
