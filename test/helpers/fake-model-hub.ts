import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StarterModel } from '../../server/providers/local/starter-model.ts';

export interface FakeModelHub {
  origin: string;
  /** Paths requested, in order. */
  hits: string[];
  /** A starter entry pinned (URL with revision, size, SHA-256) to the bytes the file was registered with. */
  starter(fileName: string, label?: string): StarterModel;
  /** Serves other bytes under the same URL from now on: what a tampered or corrupted mirror would do. */
  replace(fileName: string, bytes: Buffer): void;
  close(): Promise<void>;
}

const REVISION = '0123456789abcdef0123456789abcdef01234567';

/**
 * Hugging Face's download URLs on loopback: `/<org>/<repo>/resolve/<revision>/<file>`
 * with a Content-Length, sent in several writes so progress is seen.
 */
export async function startFakeModelHub(files: Record<string, Buffer>): Promise<FakeModelHub> {
  const pinned = new Map(Object.entries(files));
  const served = new Map(pinned);
  const pathOf = (fileName: string) => `/test-org/${fileName.replace(/\.gguf$/i, '')}-GGUF/resolve/${REVISION}/${fileName}`;
  const hits: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.push(path);
    const name = [...served.keys()].find((f) => pathOf(f) === path);
    const bytes = name === undefined ? undefined : served.get(name);
    if (!bytes) return void res.writeHead(404).end('Entry not found');
    res.writeHead(200, { 'content-length': bytes.length, 'content-type': 'application/octet-stream' });
    for (let i = 0; i < bytes.length; i += 64 * 1024) res.write(bytes.subarray(i, i + 64 * 1024));
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    hits,
    starter(fileName, label = fileName) {
      const bytes = pinned.get(fileName);
      if (!bytes) throw new Error(`the hub has no ${fileName}`);
      return {
        label,
        url: `${origin}${pathOf(fileName)}`,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        sizeBytes: bytes.length,
        fileName,
        license: 'MIT',
      };
    },
    replace(fileName, bytes) {
      served.set(fileName, bytes);
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
