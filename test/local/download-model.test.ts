import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadModel, DownloadError, type DownloadProgress } from '../../server/providers/local/download-model.ts';
import { createProgressBar } from '../../server/providers/local/progress-bar.ts';
import { scanLocalModels } from '../../server/providers/local/scan-models.ts';
import { tinyLlamaGguf } from '../helpers/write-tiny-llama-gguf.ts';
import { closedPort, serveFile, type FileServer } from './file-server.ts';

/** A real (tiny) model, so the downloaded file must also scan as one. */
const { bytes, sha256 } = tinyLlamaGguf();
let server: FileServer;
let dir: string;

beforeAll(async () => {
  server = await serveFile(bytes);
  dir = mkdtempSync(join(tmpdir(), 'versus-dl-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function failure(p: Promise<unknown>): Promise<DownloadError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DownloadError);
  return e as DownloadError;
}

function leftovers(dest: string): string[] {
  return [dest, `${dest}.part`].filter((f) => existsSync(f));
}

describe('downloadModel against a local HTTP server serving a generated GGUF', () => {
  it('downloads with progress, verifies, and leaves only the final file, which scans as a model', async () => {
    const dest = join(dir, 'ok', 'tiny.gguf');
    const progress: DownloadProgress[] = [];
    const r = await downloadModel({ url: server.url('ok'), sha256, sizeBytes: bytes.length, dest, onProgress: (p) => progress.push(p) });
    expect(r).toEqual({ path: dest, sizeBytes: bytes.length, sha256 });
    expect(readFileSync(dest).equals(bytes)).toBe(true);
    expect(existsSync(`${dest}.part`)).toBe(false);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.every((p) => p.totalBytes === bytes.length)).toBe(true);
    expect(progress.map((p) => p.receivedBytes)).toEqual([...progress.map((p) => p.receivedBytes)].sort((a, b) => a - b));
    expect(progress.at(-1)!.receivedBytes).toBe(bytes.length);
    const { models } = await scanLocalModels([join(dir, 'ok')]);
    expect(models.map((m) => m.id)).toEqual(['local:tiny']);
  });

  it('works without a Content-Length (chunked) when the configured size and checksum match', async () => {
    const dest = join(dir, 'chunked.gguf');
    await downloadModel({ url: server.url('chunked'), sha256, sizeBytes: bytes.length, dest });
    expect(readFileSync(dest).equals(bytes)).toBe(true);
  });

  it('an interrupted transfer fails clearly and leaves neither the file nor a .part', async () => {
    const dest = join(dir, 'cut.gguf');
    const e = await failure(downloadModel({ url: server.url('cut'), sha256, sizeBytes: bytes.length, dest }));
    expect(e.kind).toBe('interrupted');
    expect(e.message).toMatch(new RegExp(`interrupted after \\d+ of ${bytes.length} bytes`));
    expect(leftovers(dest)).toEqual([]);
  });

  it('a transfer that ends early without a length is caught by the size check', async () => {
    const dest = join(dir, 'short.gguf');
    const e = await failure(downloadModel({ url: server.url('chunked-short'), sha256, sizeBytes: bytes.length, dest }));
    expect(e.kind).toBe('interrupted');
    expect(e.message).toMatch(`ended after ${bytes.length >> 1} of ${bytes.length} bytes`);
    expect(leftovers(dest)).toEqual([]);
  });

  it('a stalled transfer times out and cleans up', async () => {
    const dest = join(dir, 'stall.gguf');
    const e = await failure(downloadModel({ url: server.url('stall'), sha256, dest, idleTimeoutMs: 300 }));
    expect(e.kind).toBe('interrupted');
    expect(e.message).toMatch(/No data for 0\.3 s/);
    expect(leftovers(dest)).toEqual([]);
  });

  it('a checksum mismatch is rejected naming expected and actual, and nothing is kept', async () => {
    const dest = join(dir, 'bad-sum.gguf');
    const wrong = '0'.repeat(64);
    const e = await failure(downloadModel({ url: server.url('ok'), sha256: wrong, sizeBytes: bytes.length, dest }));
    expect(e.kind).toBe('checksum');
    expect(e.message).toContain(`expected sha256 ${wrong}`);
    expect(e.message).toContain(`got ${sha256}`);
    expect(leftovers(dest)).toEqual([]);
  });

  it('refuses a file whose announced size is not the configured one, before downloading it', async () => {
    const dest = join(dir, 'bad-size.gguf');
    const e = await failure(downloadModel({ url: server.url('ok'), sha256, sizeBytes: 123, dest }));
    expect(e.kind).toBe('size');
    expect(e.message).toMatch(`${bytes.length} bytes, expected 123`);
    expect(leftovers(dest)).toEqual([]);
  });

  it('reports HTTP errors and unreachable hosts without creating anything', async () => {
    const nf = await failure(downloadModel({ url: server.url('not-found'), sha256, dest: join(dir, 'nf', 'x.gguf') }));
    expect(nf.kind).toBe('http');
    expect(nf.message).toMatch(/HTTP 404/);
    const port = await closedPort();
    const down = await failure(downloadModel({ url: `http://127.0.0.1:${port}/x.gguf`, sha256, dest: join(dir, 'down', 'x.gguf') }));
    expect(down.kind).toBe('network');
    expect(down.message).toMatch(/Could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect(existsSync(join(dir, 'nf'))).toBe(false);
    expect(existsSync(join(dir, 'down'))).toBe(false);
  });

  it('can be cancelled', async () => {
    const dest = join(dir, 'cancel.gguf');
    const ac = new AbortController();
    const p = downloadModel({ url: server.url('stall'), sha256, dest, signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    const e = await failure(p);
    expect(e.kind).toBe('cancelled');
    expect(leftovers(dest)).toEqual([]);
  });
});

describe('console progress bar', () => {
  it('redraws one line on a terminal and writes a line per quarter elsewhere', () => {
    const tty: string[] = [];
    const bar = createProgressBar({ write: (s: string) => tty.push(s), isTTY: true, columns: 100 }, 'model.gguf');
    bar.update({ receivedBytes: 50e6, totalBytes: 100e6 });
    bar.done();
    expect(tty[0]).toMatch(/^\rmodel\.gguf \[#+\.+\] {2}50% 50\.0 MB \/ 100\.0 MB$/);
    expect(tty.at(-1)).toBe('\n');

    const log: string[] = [];
    const plain = createProgressBar({ write: (s: string) => log.push(s), isTTY: false }, 'model.gguf');
    for (let i = 1; i <= 1000; i++) plain.update({ receivedBytes: i * 1000, totalBytes: 1e6 });
    plain.done();
    expect(log).toEqual([
      'model.gguf: 25% (0.3 MB / 1.0 MB)\n',
      'model.gguf: 50% (0.5 MB / 1.0 MB)\n',
      'model.gguf: 75% (0.8 MB / 1.0 MB)\n',
      'model.gguf: 100% (1.0 MB / 1.0 MB)\n',
    ]);
  });
});
