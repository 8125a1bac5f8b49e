import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * The load bench's floor (bench/load.bench.ts, the "bare" pass): the least a
 * relay must do, with nothing of Versus. Each websocket's first message starts
 * two streaming requests to the bench's fake provider (node:http, a keep-alive
 * agent), each SSE event's JSON is parsed, and each token goes out at once as
 * a frame shaped like Versus's `delta`, then `side-ended` and `turn-ended`.
 * No SDK, no timeouts, no measuring, no storage, no auth, no validation, no
 * coalescing. It runs as Versus's 2-worker pass does (node:cluster, one port,
 * the same stats hook, the same driver), so the two passes' figures compare:
 * what a level costs the bare relay is what the libraries Versus is built on
 * (node:http under the SDKs, ws for the sockets) cost on this machine, and
 * Versus's figures over it are what Versus adds. A relay on raw sockets could
 * go lower; Versus's adapters use the providers' SDKs by design.
 *
 * Environment: VERSUS_WORKERS (processes, 2 by default), VERSUS_CONFIG (the
 * bench's catalog: the fake provider is its first endpoint). It prints the
 * lines the bench waits for, as server/main.ts does.
 */

const WORKERS = Number(process.env.VERSUS_WORKERS ?? 2);

if (cluster.isPrimary) {
  let listening = 0;
  for (let i = 0; i < WORKERS; i++)
    cluster.fork().on('listening', () => {
      if (++listening === WORKERS) console.log(`${WORKERS} workers share port`);
    });
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.kill();
    setTimeout(() => process.exit(0), 500).unref();
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  });
} else {
  const config = JSON.parse(readFileSync(process.env.VERSUS_CONFIG!, 'utf8')) as { endpoints: { baseURL: string }[] };
  const completions = new URL(`${config.endpoints[0]!.baseURL}/chat/completions`);
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((_req, res) => res.end());
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => relay(ws)));
  server.listen(0, '127.0.0.1', () => console.log(`Open http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  // Exits rather than dies on the primary's SIGTERM, so a --cpu-prof profile is written (VERSUS_LOAD_PROFILE=1).
  process.on('SIGTERM', () => process.exit(0));

  function relay(ws: WebSocket): void {
    const requests: http.ClientRequest[] = [];
    ws.on('close', () => requests.forEach((r) => r.destroy()));
    ws.once('message', () => {
      const battleId = randomUUID();
      ws.send(JSON.stringify({ type: 'battle-started', battleId }));
      let ended = 0;
      for (const side of ['a', 'b'] as const) {
        const req = http.request(completions, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
          res.setEncoding('utf8');
          let buffered = '';
          res.on('data', (text: string) => {
            buffered += text;
            for (let cut = buffered.indexOf('\n\n'); cut !== -1; cut = buffered.indexOf('\n\n')) {
              const event = buffered.slice(0, cut);
              buffered = buffered.slice(cut + 2);
              if (!event.startsWith('data: {')) continue;
              const chunk = JSON.parse(event.slice(6)) as { choices?: { delta?: { content?: string } }[] };
              const content = chunk.choices?.[0]?.delta?.content;
              if (content) ws.send(JSON.stringify({ type: 'delta', battleId, turn: 0, side, text: content }));
            }
          });
          res.on('end', () => {
            ws.send(JSON.stringify({ type: 'side-ended', battleId, side, status: 'finished' }));
            if (++ended === 2) ws.send(JSON.stringify({ type: 'turn-ended', battleId }));
          });
        });
        req.on('error', () => ws.close());
        req.end(JSON.stringify({ model: 'bench', stream: true, messages: [{ role: 'user', content: 'Count for me, please.' }] }));
        requests.push(req);
      }
    });
  }
}
