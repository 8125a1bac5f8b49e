import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  endAtMs,
  resolveUsage,
  scriptEnd,
  tokenSchedule,
  type FakeScript,
  type HttpErrorSpec,
  type ScriptEnd,
  type ScriptUsage,
  type TimedToken,
} from './fake-script.ts';

/**
 * The provider-neutral half of the fake servers: a real node:http server that
 * records requests, picks a script, keeps time and notices aborts. The
 * provider halves (fake-openai-server.ts, fake-anthropic-server.ts) only say
 * how things look on the wire, through a `FakeDialect`.
 */

/** How a request ended, from the server's side. */
export type RequestOutcome =
  /** The whole response was written. */
  | 'completed'
  /** The client closed the connection before the response was complete. */
  | 'aborted'
  /** The script dropped the connection (`end: { type: 'drop' }`). */
  | 'dropped'
  /** `close()` was called while the response was still open. */
  | 'server-closed';

export interface RecordedRequest {
  /** Position in `requests` (all requests, including GET /models). */
  index: number;
  method: string;
  /** Path without the query string. */
  path: string;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  /** The parsed JSON body, or undefined when there was none or it was not JSON. */
  body: unknown;
  model: string | undefined;
  stream: boolean;
  /** performance.now() of this process when the request arrived (all script times count from here). */
  arrivedAt: number;
  arrivedAtEpochMs: number;
  /** The script that answered (chat requests only). */
  script?: FakeScript;
  outcome: RequestOutcome | 'pending';
  /** performance.now() when the outcome was known. */
  endedAt?: number;
  /** performance.now() as each scripted token was written: when the fake really sent it (a late timer included). */
  tokenSentAt: number[];
  /** Resolves once the response completed, was aborted by the client, dropped or cut by close(). */
  settled: Promise<RequestOutcome>;
}

/** Which script answers a request: `script(req)`, else `models[req.model]`, else `defaultScript`. */
export type ScriptSource = (req: RecordedRequest) => FakeScript | undefined;

export interface FakeServerOptions {
  /** Scripts by the request's `model`. */
  models?: Record<string, FakeScript>;
  script?: ScriptSource;
  /** Used when nothing else matched. Default: four tokens, "Hello, world!", normal finish. */
  defaultScript?: FakeScript;
  /** What GET /v1/models lists. Default: the keys of `models`, or ['fake-model']. */
  modelIds?: string[];
}

export interface FakeServer {
  /** What the SDK's `baseURL` option should be (OpenAI: ends in /v1; Anthropic: no /v1). */
  readonly baseURL: string;
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  readonly port: number;
  /** Every request, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Only the completion requests (POST to the chat path). */
  readonly chatRequests: readonly RecordedRequest[];
  /** TCP connections accepted so far: fewer than requests means the client reused kept-alive connections. */
  readonly connections: number;
  /** Resolves with the n-th completion request (0-based) once it has arrived. */
  waitForChatRequest(n?: number, timeoutMs?: number): Promise<RecordedRequest>;
  /** The outcome of the n-th completion request, rejecting if it is not known within `timeoutMs`. */
  waitForOutcome(n?: number, timeoutMs?: number): Promise<RequestOutcome>;
  /** Swap the script source for later requests (keeps `models`/`defaultScript` as fallbacks). */
  setScript(source: FakeScript | ScriptSource): void;
  /** Stops listening and destroys every open socket (stalled streams included). */
  close(): Promise<void>;
}

/** What the provider halves supply. */
export interface FakeDialect {
  /** Appended to the origin to form `baseURL`. */
  basePath: string;
  chatPath: string;
  modelsPath: string;
  requestIdHeader: string;
  defaultFinishReason: string;
  modelsBody(ids: string[]): unknown;
  errorBody(status: number, message?: string, errorType?: string): unknown;
  /** An HTTP error the real server would answer this request with, if any. */
  rejectRequest?(req: RecordedRequest, script: FakeScript): HttpErrorSpec | undefined;
  /** Everything the model is given, for the default input token count. */
  promptText(body: unknown): string;
  sse(ctx: ResponseContext): SseEncoder;
  completionBody(ctx: ResponseContext, text: string, finishReason: string | null): unknown;
}

export interface ResponseContext {
  req: RecordedRequest;
  script: FakeScript;
  model: string;
  /** e.g. chatcmpl-fake-3 / msg_fake_3 stem: unique per request. */
  seq: number;
  createdEpochS: number;
  usage: ScriptUsage & { inputTokens: number; outputTokens: number };
}

/** Each method returns the exact bytes (SSE frames) to write. */
export interface SseEncoder {
  preamble(): string;
  token(text: string, index: number): string;
  finish(reason: string | null): string;
  errorEvent(e: Extract<ScriptEnd, { type: 'error-event' }>): string;
  endMarker(): string;
}

const DEFAULT_SCRIPT: FakeScript = {};

export async function startFakeProviderServer(dialect: FakeDialect, opts: FakeServerOptions = {}): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const lives = new Set<RequestLife>();
  const arrivalWaiters = new Set<() => void>();
  let source: ScriptSource | undefined = opts.script;
  let closing = false;

  const pickScript = (rec: RecordedRequest): FakeScript =>
    source?.(rec) ?? (rec.model !== undefined ? opts.models?.[rec.model] : undefined) ?? opts.defaultScript ?? DEFAULT_SCRIPT;
  const modelIds = opts.modelIds ?? (opts.models && Object.keys(opts.models).length > 0 ? Object.keys(opts.models) : ['fake-model']);

  const parsed = new WeakSet<RecordedRequest>();
  const wakeWaiters = () => {
    for (const wake of arrivalWaiters) wake();
  };

  const server = http.createServer({ noDelay: true }, (req, res) => {
    const life = new RequestLife(performance.now());
    lives.add(life);
    let settle!: (o: RequestOutcome) => void;
    const settled = new Promise<RequestOutcome>((resolve) => (settle = resolve));
    const rec = record(req, requests.length, life.arrivedAt, settled);
    requests.push(rec);
    const finishWith = (o: RequestOutcome) => {
      if (rec.outcome !== 'pending') return;
      rec.outcome = o;
      rec.endedAt = performance.now();
      life.close();
      lives.delete(life);
      settle(o);
    };
    res.on('finish', () => finishWith('completed'));
    // 'close' on the response (not the request: that one fires once the body is read) = the socket went away.
    res.on('close', () => finishWith(life.dropping ? 'dropped' : closing ? 'server-closed' : 'aborted'));

    const onParsed = () => {
      parsed.add(rec);
      wakeWaiters();
    };
    void handle(dialect, req, res, rec, life, pickScript, modelIds, onParsed).catch((err: unknown) => {
      console.error('[fake server] handler failed', err);
      if (!res.headersSent) sendJson(res, 500, dialect.errorBody(500, `fake server bug: ${String(err)}`));
      else res.destroy();
    });
  });
  let connections = 0;
  server.on('connection', (socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const chatRequests = () => requests.filter((r) => r.method === 'POST' && r.path === dialect.chatPath);

  function waitForChatRequest(n = 0, timeoutMs = 5000): Promise<RecordedRequest> {
    return new Promise<RecordedRequest>((resolve, reject) => {
      const check = () => {
        const r = chatRequests()[n];
        if (!r || !parsed.has(r)) return;
        cleanup();
        resolve(r);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake server: chat request #${n} did not arrive within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        arrivalWaiters.delete(check);
      };
      arrivalWaiters.add(check);
      check();
    });
  }

  async function waitForOutcome(n = 0, timeoutMs = 5000): Promise<RequestOutcome> {
    const started = performance.now();
    const rec = await waitForChatRequest(n, timeoutMs);
    const left = Math.max(0, timeoutMs - (performance.now() - started));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`fake server: chat request #${n} still ${rec.outcome} after ${timeoutMs} ms`)), left);
    });
    try {
      return await Promise.race([rec.settled, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    baseURL: `${origin}${dialect.basePath}`,
    origin,
    port,
    requests,
    get chatRequests() {
      return chatRequests();
    },
    get connections() {
      return connections;
    },
    waitForChatRequest,
    waitForOutcome,
    setScript(s) {
      source = typeof s === 'function' ? s : () => s;
    },
    close() {
      closing = true;
      for (const life of lives) life.close();
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function record(req: http.IncomingMessage, index: number, arrivedAt: number, settled: Promise<RequestOutcome>): RecordedRequest {
  return {
    index,
    method: req.method ?? 'GET',
    path: (req.url ?? '/').split('?')[0] ?? '/',
    headers: req.headers,
    rawBody: '',
    body: undefined,
    model: undefined,
    stream: false,
    arrivedAt,
    arrivedAtEpochMs: Date.now(),
    tokenSentAt: [],
    outcome: 'pending',
    settled,
  };
}

async function handle(
  dialect: FakeDialect,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  rec: RecordedRequest,
  life: RequestLife,
  pickScript: (rec: RecordedRequest) => FakeScript,
  modelIds: string[],
  onParsed: () => void,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  rec.rawBody = Buffer.concat(chunks).toString('utf8');
  if (rec.rawBody.length > 0) {
    try {
      rec.body = JSON.parse(rec.rawBody);
    } catch {
      rec.body = undefined;
    }
  }
  const body = isObject(rec.body) ? rec.body : {};
  rec.model = typeof body['model'] === 'string' ? body['model'] : undefined;
  rec.stream = body['stream'] === true;
  onParsed();
  res.setHeader(dialect.requestIdHeader, `req_fake_${rec.index}`);

  if (rec.method === 'GET' && rec.path === dialect.modelsPath) return sendJson(res, 200, dialect.modelsBody(modelIds));
  if (rec.method !== 'POST' || rec.path !== dialect.chatPath) {
    return sendJson(res, 404, dialect.errorBody(404, `fake server: no route for ${rec.method} ${rec.path}`));
  }
  if (!isObject(rec.body)) return sendJson(res, 400, dialect.errorBody(400, 'fake server: body is not a JSON object'));

  const script = pickScript(rec);
  rec.script = script;
  if (script.headersDelayMs) await life.sleepUntil(script.headersDelayMs);
  if (life.closed) return;

  const reject = script.httpError ?? dialect.rejectRequest?.(rec, script);
  if (reject) {
    return sendJson(res, reject.status, reject.body ?? dialect.errorBody(reject.status, reject.message, reject.errorType), reject.headers);
  }

  const schedule = tokenSchedule(script);
  const ctx: ResponseContext = {
    req: rec,
    script,
    model: rec.model ?? 'fake-model',
    seq: rec.index,
    createdEpochS: Math.floor(rec.arrivedAtEpochMs / 1000),
    usage: resolveUsage(script, dialect.promptText(rec.body), schedule.length),
  };
  if (rec.stream) await playStream(dialect, res, ctx, schedule, life);
  else await playCompletion(dialect, res, ctx, schedule, life);
}

async function playStream(
  dialect: FakeDialect,
  res: http.ServerResponse,
  ctx: ResponseContext,
  schedule: TimedToken[],
  life: RequestLife,
): Promise<void> {
  const sse = dialect.sse(ctx);
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.flushHeaders();
  // Resolves once the last write reached the kernel: a drop must not swallow the tokens sent before it.
  let flushed = Promise.resolve();
  const write = (chunk: string) => {
    if (chunk.length === 0) return;
    flushed = new Promise((resolve) => res.write(chunk, () => resolve()));
  };
  write(sse.preamble());
  for (const [i, tok] of schedule.entries()) {
    await life.sleepUntil(tok.atMs);
    if (life.closed) return;
    ctx.req.tokenSentAt.push(performance.now());
    write(sse.token(tok.text, i));
  }
  if (ctx.script.endless) {
    const every = ctx.script.endless.intervalMs ?? 5;
    let at = endAtMs(ctx.script, schedule);
    for (let i = schedule.length; !life.closed; i++) {
      at += every;
      await life.sleepUntil(at);
      if (life.closed) return;
      write(sse.token(ctx.script.endless.text, i));
    }
    return;
  }
  const end = scriptEnd(ctx.script);
  if (end.type === 'stall') return life.untilClosed();
  await life.sleepUntil(endAtMs(ctx.script, schedule));
  if (life.closed) return;
  switch (end.type) {
    case 'finish': {
      const last = sse.finish(end.reason === undefined ? dialect.defaultFinishReason : end.reason);
      if (!end.lingerMs) return void res.end(last);
      // The last event now, the end of the body later: as servers that flush them separately.
      write(last);
      await life.sleepUntil(endAtMs(ctx.script, schedule) + end.lingerMs);
      if (!life.closed) res.end();
      return;
    }
    case 'error-event':
      res.end(sse.errorEvent(end));
      return;
    case 'end-marker':
      res.end(sse.endMarker());
      return;
    case 'drop':
      await flushed;
      life.dropping = true;
      res.socket?.destroy();
      return;
    case 'close':
      res.end();
      return;
    default: {
      const never: never = end;
      throw new Error(`unknown script end ${JSON.stringify(never)}`);
    }
  }
}

/** stream: false — the same script, answered as one JSON body at the end time. */
async function playCompletion(
  dialect: FakeDialect,
  res: http.ServerResponse,
  ctx: ResponseContext,
  schedule: TimedToken[],
  life: RequestLife,
): Promise<void> {
  const end = scriptEnd(ctx.script);
  if (end.type === 'stall') return life.untilClosed();
  await life.sleepUntil(endAtMs(ctx.script, schedule));
  if (life.closed) return;
  const text = schedule.map((t) => t.text).join('');
  switch (end.type) {
    case 'finish':
    case 'close':
    case 'end-marker':
      return sendJson(
        res,
        200,
        dialect.completionBody(ctx, text, end.type === 'finish' && end.reason !== undefined ? end.reason : dialect.defaultFinishReason),
      );
    case 'error-event':
      return sendJson(res, 500, dialect.errorBody(500, end.message, end.errorType));
    case 'drop':
      life.dropping = true;
      res.socket?.destroy();
      return;
    default: {
      const never: never = end;
      throw new Error(`unknown script end ${JSON.stringify(never)}`);
    }
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Per-request clock and lifetime: sleeps end early when the connection goes away, so no timer outlives it. */
class RequestLife {
  closed = false;
  dropping = false;
  private readonly ctrl = new AbortController();

  constructor(readonly arrivedAt: number) {}

  close(): void {
    this.closed = true;
    this.ctrl.abort();
  }

  /** Sleep until `atMs` after arrival (or until closed). */
  sleepUntil(atMs: number): Promise<void> {
    const wait = this.arrivedAt + atMs - performance.now();
    if (wait <= 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.ctrl.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, wait);
      this.ctrl.signal.addEventListener('abort', done, { once: true });
    });
  }

  untilClosed(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => this.ctrl.signal.addEventListener('abort', () => resolve(), { once: true }));
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Message contents as plain text, whether strings or arrays of `{type:'text', text}` parts. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((p) => (isObject(p) && typeof p['text'] === 'string' ? p['text'] : '')).join('');
  }
  return '';
}
