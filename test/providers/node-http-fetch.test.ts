import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeBodyOf, nodeHttpFetch } from '../../server/providers/node-http-fetch.ts';
import { readSseEvents, type SseItem } from '../../server/providers/read-sse-events.ts';
import { toProviderError } from '../../server/providers/to-provider-error.ts';

/**
 * The fetch both SDKs use (node:http instead of undici): what the SDKs and the
 * arena rely on from fetch, against a real HTTP server on loopback.
 */

interface Seen {
  method: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Resolves when the server sees the request's connection close. */
  closed: Promise<void>;
}

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(handle: (req: http.IncomingMessage, res: http.ServerResponse, seen: Seen) => void) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const s: Seen = { method: req.method!, headers: req.headers, body, closed: new Promise((r) => res.once('close', () => r())) };
      seen.push(s);
      handle(req, res, s);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat`, seen };
}

const sse = (...data: string[]) => data.map((d) => `data: ${d}\n\n`).join('');

describe('nodeHttpFetch', () => {
  it('sends the method, headers and body, and answers with status, headers, url and body', async () => {
    const { url, seen } = await serve((_req, res) => {
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.writeHead(201, 'Made', { 'content-type': 'application/json', 'x-request-id': 'req-9' });
      res.end('{"ok":true}');
    });
    const response = await nodeHttpFetch(url, {
      method: 'post',
      headers: new Headers({ authorization: 'Bearer k', 'content-type': 'application/json' }),
      body: '{"model":"m","text":"héllo"}',
    });
    expect(seen[0]).toMatchObject({ method: 'POST', body: '{"model":"m","text":"héllo"}' });
    expect(seen[0]!.headers).toMatchObject({
      authorization: 'Bearer k',
      'content-length': String(Buffer.byteLength('{"model":"m","text":"héllo"}')),
    });
    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Made');
    expect(response.ok).toBe(true);
    expect(response.url).toBe(url);
    expect(response.headers.get('x-request-id')).toBe('req-9');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('gives the Node body to the SSE reader, which reads events split across network writes', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"a":');
      setTimeout(() => res.write('1}\n\nerror: {"code":400}\n'), 5);
      setTimeout(() => res.end(sse('[DONE]')), 10);
    });
    const response = await nodeHttpFetch(url, { method: 'POST', body: '{}' });
    const body = nodeBodyOf(response);
    expect(body).toBeDefined();
    const items: SseItem[] = [];
    for await (const batch of readSseEvents(body!)) items.push(...batch);
    expect(items).toEqual([
      { type: 'event', event: undefined, data: '{"a":1}' },
      { type: 'field', name: 'error', value: '{"code":400}' },
      { type: 'event', event: undefined, data: '[DONE]' },
    ]);
    expect(nodeBodyOf(new Response('x'))).toBeUndefined();
  });

  it('an abort before the answer rejects with an AbortError and closes the request', async () => {
    const { url, seen } = await serve(() => undefined);
    const ctrl = new AbortController();
    const pending = nodeHttpFetch(url, { method: 'POST', body: '{}', signal: ctrl.signal });
    await expect.poll(() => seen.length).toBe(1);
    ctrl.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await seen[0]!.closed;
  });

  it('an abort during the body fails its reading and closes the connection upstream', async () => {
    const { url, seen } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sse('{"n":1}'));
    });
    const ctrl = new AbortController();
    const response = await nodeHttpFetch(url, { method: 'POST', body: '{}', signal: ctrl.signal });
    const reader = readSseEvents(nodeBodyOf(response)!);
    expect((await reader.next()).value).toEqual([{ type: 'event', event: undefined, data: '{"n":1}' }]);
    const next = reader.next();
    ctrl.abort();
    await expect(next).rejects.toMatchObject({ name: 'AbortError' });
    // The provider sees the connection go: no tokens generated for nobody.
    await seen[0]!.closed;
  });

  it('a connection that drops mid-body fails the reading as a network error', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sse('{"n":1}'));
      setTimeout(() => res.socket!.destroy(), 10);
    });
    const response = await nodeHttpFetch(url, { method: 'POST', body: '{}' });
    const reader = readSseEvents(nodeBodyOf(response)!);
    await reader.next();
    const err = await reader.next().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(toProviderError(err).kind).toBe('network');
  });

  it('a refused connection rejects like undici’s fetch, classified as a network error', async () => {
    const { url } = await serve(() => undefined);
    const closed = servers.pop()!;
    await new Promise((r) => closed.close(r));
    const err = await nodeHttpFetch(url, { method: 'POST', body: '{}' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toBe('fetch failed');
    expect(((err as Error).cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    expect(toProviderError(err).kind).toBe('network');
  });

  it('decodes a gzip body, through both the web and the Node body', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync('{"error":{"message":"slow down"}}'));
    });
    const a = await nodeHttpFetch(url, { method: 'POST', body: '{}' });
    expect(a.status).toBe(429);
    expect(await a.text()).toBe('{"error":{"message":"slow down"}}');
    const b = await nodeHttpFetch(url, { method: 'POST', body: '{}' });
    const chunks: Buffer[] = [];
    for await (const c of nodeBodyOf(b)!) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('{"error":{"message":"slow down"}}');
  });

  it('keeps the connection for the next request once a body was read to its end or let go at [DONE]', async () => {
    let connections = 0;
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sse('{"n":1}', '[DONE]'));
      // The last bytes come a little after [DONE], as servers send them: the reader drains them in the background.
      setTimeout(() => res.end(': bye\n\n'), 5);
    });
    servers[0]!.on('connection', () => connections++);
    for (let i = 0; i < 3; i++) {
      const response = await nodeHttpFetch(url, { method: 'POST', body: '{}' });
      for await (const batch of readSseEvents(nodeBodyOf(response)!))
        if (batch.some((e) => e.type === 'event' && e.data === '[DONE]')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(connections).toBe(1);
  });
});
