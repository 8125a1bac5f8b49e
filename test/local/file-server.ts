import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ServeMode = 'ok' | 'cut' | 'stall' | 'chunked' | 'chunked-short' | 'not-found';

export interface FileServer {
  url(mode: ServeMode): string;
  close(): Promise<void>;
}

/**
 * Serves one file's bytes on loopback, well or badly: `cut` announces the
 * full length then drops the connection halfway, `stall` stops sending,
 * `chunked-short` ends cleanly with no length after half the bytes.
 */
export async function serveFile(bytes: Buffer): Promise<FileServer> {
  const server: Server = createServer((req, res) => {
    const mode = new URL(req.url ?? '/', 'http://x').pathname.slice(1) as ServeMode;
    const half = bytes.subarray(0, bytes.length >> 1);
    switch (mode) {
      case 'ok':
        res.writeHead(200, { 'content-length': bytes.length, 'content-type': 'application/octet-stream' });
        // Several writes, so progress is reported more than once.
        for (let i = 0; i < bytes.length; i += 64 * 1024) res.write(bytes.subarray(i, i + 64 * 1024));
        res.end();
        return;
      case 'cut':
        res.writeHead(200, { 'content-length': bytes.length });
        res.write(half, () => setTimeout(() => res.socket?.destroy(), 20));
        return;
      case 'stall':
        res.writeHead(200, { 'content-length': bytes.length });
        res.write(half);
        return;
      case 'chunked':
        res.writeHead(200);
        res.end(bytes);
        return;
      case 'chunked-short':
        res.writeHead(200);
        res.end(half);
        return;
      case 'not-found':
      default: // any other path too
        res.writeHead(404).end('no such model');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (mode) => `http://127.0.0.1:${port}/${mode}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A loopback port with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
