import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A handler that answers the request itself. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void;
/** What a route answers: a JSON body (sent with 200), or a handler. */
export type Route = RouteHandler | Record<string, unknown> | unknown[] | string | number | boolean | null;

export interface FakeServer {
  port: number;
  origin: string;
  hits: string[];
  close(): Promise<void>;
}

/** A tiny loopback HTTP server (on `port`, or any free one): JSON bodies or handlers by path; anything else is a 404. */
export async function startFakeServer(routes: Record<string, Route>, port = 0): Promise<FakeServer> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.push(path);
    const route = routes[path];
    if (route === undefined) return void res.writeHead(404).end('not found');
    if (typeof route === 'function') return void route(req, res);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(route));
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    origin: `http://127.0.0.1:${bound}`,
    hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export const openAIModels = (...ids: string[]) => ({ object: 'list', data: ids.map((id) => ({ id, object: 'model', owned_by: 'me' })) });
