import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

export interface DownloadProgress {
  receivedBytes: number;
  /** From the config or the server's Content-Length; null when neither says. */
  totalBytes: number | null;
}

export interface DownloadModelOptions {
  url: string;
  /** Expected SHA-256 of the whole file, hex. */
  sha256: string;
  /** Expected size in bytes; checked against Content-Length before and the bytes received after. */
  sizeBytes?: number;
  /** Final path. Bytes go to `dest + '.part'` and are renamed only once size and checksum match. */
  dest: string;
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
  /** Until the response headers arrive. */
  connectTimeoutMs?: number;
  /** Longest pause between two chunks of the body. */
  idleTimeoutMs?: number;
}

export type DownloadErrorKind = 'network' | 'http' | 'interrupted' | 'size' | 'checksum' | 'cancelled';

export class DownloadError extends Error {
  override name = 'DownloadError';
  constructor(
    readonly kind: DownloadErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface DownloadedModel {
  path: string;
  sizeBytes: number;
  sha256: string;
}

function causeOf(e: unknown): string {
  const err = e as { message?: string; cause?: { message?: string; code?: string } };
  return err.cause?.code ?? err.cause?.message ?? err.message ?? String(e);
}

/**
 * Streams a model file to disk, verifying size and SHA-256. Nothing is ever
 * left at `dest` unless it verified: the partial file is removed on any
 * failure, so an interrupted download can never be mistaken for a model.
 */
export async function downloadModel(opts: DownloadModelOptions): Promise<DownloadedModel> {
  const part = `${opts.dest}.part`;
  const expectedSha = opts.sha256.toLowerCase();
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort(new DownloadError('cancelled', 'The download was cancelled'));
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let idle: NodeJS.Timeout | undefined;
  const armIdle = () => {
    clearTimeout(idle);
    const ms = opts.idleTimeoutMs ?? 30_000;
    idle = setTimeout(() => stop.abort(new DownloadError('interrupted', `No data for ${ms / 1000} s`)), ms);
  };

  let received = 0;
  let total: number | null = opts.sizeBytes ?? null;
  try {
    if (opts.signal?.aborted) throw new DownloadError('cancelled', 'The download was cancelled');

    const connect = AbortSignal.timeout(opts.connectTimeoutMs ?? 10_000);
    let res: Response;
    try {
      res = await fetch(opts.url, { signal: AbortSignal.any([stop.signal, connect]), redirect: 'follow' });
    } catch (e) {
      if (stop.signal.aborted) throw stop.signal.reason;
      const why = connect.aborted ? 'timed out' : causeOf(e);
      throw new DownloadError('network', `Could not reach ${new URL(opts.url).host} (${why})`);
    }
    if (!res.ok || !res.body) throw new DownloadError('http', `${opts.url} answered HTTP ${res.status}`);
    const announced = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(announced)) {
      if (opts.sizeBytes !== undefined && announced !== opts.sizeBytes) {
        await res.body.cancel().catch(() => {});
        throw new DownloadError('size', `${opts.url} is ${announced} bytes, expected ${opts.sizeBytes}: not the file configured`);
      }
      total = announced;
    }

    // Only now: a download that never starts leaves no directory behind either.
    await mkdir(dirname(opts.dest), { recursive: true });
    const hash = createHash('sha256');
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        armIdle();
        hash.update(chunk);
        received += chunk.length;
        opts.onProgress?.({ receivedBytes: received, totalBytes: total });
        done(null, chunk);
      },
    });
    armIdle();
    try {
      await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), meter, createWriteStream(part), { signal: stop.signal });
    } catch (e) {
      if (stop.signal.reason instanceof DownloadError) throw stop.signal.reason;
      const of = total === null ? '' : ` of ${total}`;
      throw new DownloadError('interrupted', `The download was interrupted after ${received}${of} bytes (${causeOf(e)})`);
    }
    clearTimeout(idle);

    if (total !== null && received !== total) {
      throw new DownloadError('interrupted', `The download ended after ${received} of ${total} bytes`);
    }
    const actual = hash.digest('hex');
    if (actual !== expectedSha) {
      throw new DownloadError('checksum', `Checksum mismatch for ${opts.url}: expected sha256 ${expectedSha}, got ${actual}`);
    }
    await rename(part, opts.dest);
    return { path: opts.dest, sizeBytes: received, sha256: actual };
  } catch (e) {
    await rm(part, { force: true }).catch(() => {});
    if (e instanceof DownloadError) throw e;
    throw new DownloadError('network', `The download failed: ${causeOf(e)}`);
  } finally {
    clearTimeout(idle);
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }
}
