import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { ClientMessage, ServerMessage, type ServerMessageOf } from '../../shared/protocol.ts';
import { startServer, type RunningServer, type StartServerOptions } from '../../server/start-server.ts';
import { wsText } from './ws-text.ts';

export const ALL_BUILTIN_ENDPOINTS = ['openai', 'anthropic', 'gemini', 'mistral', 'ollama'];

export interface TestArena {
  server: RunningServer;
  dir: string;
  dbPath: string;
  wsUrl: string;
  close(): Promise<void>;
  /** Start a fresh server process-equivalent on the same database and config (a restart). */
  restart(): Promise<TestArena>;
}

/** A real Versus server on an ephemeral port with a temp config and database. */
export async function startTestArena(
  config: Record<string, unknown>,
  opts: { env?: Record<string, string>; dir?: string; server?: StartServerOptions } = {},
): Promise<TestArena> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'versus-test-'));
  const configPath = join(dir, 'versus.config.json');
  // No probing of this machine's real ports: a developer's running Ollama must not leak into tests.
  writeFileSync(configPath, JSON.stringify({ disable: ALL_BUILTIN_ENDPOINTS, discovery: { servers: [] }, ...config }));
  const dbPath = join(dir, 'versus.db');
  const env = {
    PATH: process.env.PATH,
    VERSUS_CONFIG: configPath,
    VERSUS_DB: dbPath,
    VERSUS_PORT: '0',
    VERSUS_OFFLINE: '1',
    VERSUS_LOG: 'silent',
    VERSUS_MODELS_DIR: join(dir, 'no-models'),
    ...opts.env,
  };
  const server = await startServer({ env, cwd: dir, validateOutgoing: true, ...opts.server });
  const arena: TestArena = {
    server,
    dir,
    dbPath,
    wsUrl: server.url.replace(/^http/, 'ws') + '/ws',
    close: async () => {
      await server.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
    restart: async () => {
      await server.close();
      return startTestArena(config, { ...opts, dir });
    },
  };
  return arena;
}

export interface Received {
  msg: ServerMessage;
  at: number;
}

/** A websocket client that parses every frame with the protocol and lets a test wait for messages. */
export class TestClient {
  readonly received: Received[] = [];
  private waiters: { pred: (m: ServerMessage) => boolean; resolve: (r: Received) => void; from: number }[] = [];
  closed = false;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const at = performance.now();
      const msg = ServerMessage.parse(JSON.parse(wsText(data)));
      const r = { msg, at };
      this.received.push(r);
      this.waiters = this.waiters.filter((w) => {
        if (w.pred(msg)) {
          w.resolve(r);
          return false;
        }
        return true;
      });
    });
    ws.on('close', () => (this.closed = true));
  }

  static async connect(url: string, headers: Record<string, string> = {}): Promise<TestClient> {
    const ws = new WebSocket(url, { headers });
    const client = new TestClient(ws);
    await new Promise<void>((res, rej) => {
      ws.once('open', () => res());
      ws.once('error', rej);
    });
    await client.next('hello');
    return client;
  }

  send(msg: ClientMessage): void {
    this.ws.send(JSON.stringify(ClientMessage.parse(msg)));
  }

  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
  }

  /** Resolves with the first message (already received or future) of that type matching pred. */
  next<T extends ServerMessage['type']>(
    type: T,
    pred: (m: ServerMessageOf<T>) => boolean = () => true,
    timeoutMs = 15_000,
  ): Promise<ServerMessageOf<T>> {
    const match = (m: ServerMessage): boolean => m.type === type && pred(m as ServerMessageOf<T>);
    const seen = this.received.find((r) => match(r.msg));
    if (seen) return Promise.resolve(seen.msg as ServerMessageOf<T>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${type}`)), timeoutMs);
      this.waiters.push({
        pred: match,
        from: this.received.length,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r.msg as ServerMessageOf<T>);
        },
      });
    });
  }

  all<T extends ServerMessage['type']>(type: T): ServerMessageOf<T>[] {
    return this.received.filter((r) => r.msg.type === type).map((r) => r.msg as ServerMessageOf<T>);
  }

  textOf(battleId: string, side: 'a' | 'b', turn = 0): string {
    return this.all('delta')
      .filter((d) => d.battleId === battleId && d.side === side && d.turn === turn)
      .map((d) => d.text)
      .join('');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((res) => {
      this.ws.once('close', () => res());
      this.ws.close();
    });
  }
}
