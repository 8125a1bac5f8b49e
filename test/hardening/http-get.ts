import { request } from 'node:http';
import WebSocket from 'ws';

/** A GET with exactly these headers (fetch will not send a foreign Host): status and body. */
export function httpGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a websocket with these headers: 'open' with the socket, or the HTTP status it was refused with. */
export function openSocket(
  url: string,
  headers: Record<string, string> = {},
  opts: WebSocket.ClientOptions = {},
): Promise<{ ws: WebSocket } | { status: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, ...opts });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      res.resume();
    });
    ws.once('error', (e) => reject(e));
  });
}
