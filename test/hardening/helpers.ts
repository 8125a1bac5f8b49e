import { Mulberry32 } from '../../server/ratings/mulberry32.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { ALL_BUILTIN_ENDPOINTS, type TestClient } from '../helpers/test-arena.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** Limits high enough that a test's own traffic is never rate limited (limits are keyed by address: every test client is 127.0.0.1). */
export const GENEROUS_LIMITS = {
  battles: { burst: 100_000, perMinute: 1_000_000 },
  votes: { burst: 100_000, perMinute: 1_000_000 },
  stops: { burst: 100_000, perMinute: 1_000_000 },
};

/** Seeded PRNG (mulberry32): a failing fuzz run reproduces from its seed. */
export function mulberry32(seed: number): () => number {
  const r = new Mulberry32(seed);
  return () => r.uniform();
}

/** Polls `check` until it returns a truthy value, at most `timeoutMs`. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 10_000, everyMs = 20): Promise<NonNullable<T>> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (performance.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Sends a ping and waits for its pong: everything the server sent synchronously before it has arrived. */
export async function roundTrip(client: TestClient, requestId: string, timeoutMs = 10_000): Promise<void> {
  client.send({ type: 'ping', requestId });
  await client.next('pong', (m) => m.requestId === requestId, timeoutMs);
}

/** Resolves with the close code once the socket is closed. */
export function closeCode(ws: WebSocket, timeoutMs = 15_000): Promise<number> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve(-1);
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error('socket did not close in time')), timeoutMs);
    ws.once('close', (code) => {
      clearTimeout(timer);
      res(code);
    });
  });
}

export interface ChildServer {
  proc: ChildProcess;
  url: string;
  wsUrl: string;
  /** Every line the process wrote (stdout and stderr). */
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const START = fileURLToPath(new URL('../../server/start.mjs', import.meta.url));

/**
 * The real `npm start` entry (server/start.mjs: the server's JavaScript build, made if the sources have none) as a
 * child process, with a
 * config and database in `dir`. The child's cwd is `dir` (no ./models, no
 * ./versus.config.json of the repo); the client build check is skipped.
 */
export async function spawnServer(
  dir: string,
  config: Record<string, unknown>,
  env: Record<string, string> = {},
  opts: { viaNpmStart?: boolean; startTimeoutMs?: number } = {},
): Promise<ChildServer> {
  mkdirSync(dir, { recursive: true });
  const configPath = join(dir, 'versus.config.json');
  writeFileSync(configPath, JSON.stringify({ disable: ALL_BUILTIN_ENDPOINTS, ...config }));
  // `npm start` itself when asked (npm runs it in the repository, so the cwd is the repository's).
  const [command, args, cwd] = opts.viaNpmStart ? ['npm', ['start', '--silent'], REPO_ROOT] : [process.execPath, [START], dir];
  const proc = spawn(command, args, {
    cwd,
    env: {
      PATH: process.env.PATH,
      VERSUS_CONFIG: configPath,
      VERSUS_DB: join(dir, 'versus.db'),
      VERSUS_PORT: '0',
      VERSUS_OFFLINE: '1',
      VERSUS_LOG: 'info',
      VERSUS_MODELS_DIR: join(dir, 'no-models'),
      VERSUS_SKIP_CLIENT_BUILD: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let onLine: ((line: string) => void) | undefined;
  for (const stream of [proc.stdout, proc.stderr]) {
    let buf = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buf += chunk;
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) {
        output.push(l);
        onLine?.(l);
      }
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    proc.once('exit', (code, signal) => res({ code, signal })),
  );
  const url = await new Promise<string>((res, rej) => {
    const limitMs = opts.startTimeoutMs ?? 30_000;
    const timer = setTimeout(() => rej(new Error(`server did not start within ${limitMs} ms:\n${output.join('\n')}`)), limitMs);
    const check = (l: string) => {
      // The start-up banner ends with the address ("… Open http://127.0.0.1:port"), whatever its wording.
      const m = /\b[Oo]pen (http:\/\/[\w.:[\]-]+)/.exec(l);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    };
    output.forEach(check);
    onLine = check;
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      rej(new Error(`server exited (${code ?? signal}) before it started:\n${output.join('\n')}`));
    });
  });
  return { proc, url, wsUrl: url.replace(/^http/, 'ws') + '/ws', output, exited };
}

/** Kills a child server if it is still running (test cleanup). */
export async function killServer(child: ChildServer | undefined): Promise<void> {
  if (!child || child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  child.proc.kill('SIGKILL');
  await child.exited;
}
