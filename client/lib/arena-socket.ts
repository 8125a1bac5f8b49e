import { ClientMessage, ServerMessage } from '../../shared/protocol.ts';
import type { ConnectionStatus } from './arena-state.ts';

export interface ArenaSocketOptions {
  url: string;
  /** False: never connect (the page is signed out, and the server would refuse the socket). Default true. */
  enabled?: boolean;
  onMessage: (msg: ServerMessage) => void;
  onStatus: (status: ConnectionStatus) => void;
  /** Injected in tests; the browser's WebSocket otherwise. */
  WebSocketImpl?: typeof WebSocket;
  /** First retry delay; doubles up to maxDelayMs, with jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A ping keeps idle proxies from closing the socket. */
  pingEveryMs?: number;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

export interface ArenaSocket {
  /** Validates with the protocol and sends; false when not connected or invalid. */
  send(msg: ClientMessage): boolean;
  /** Skip the wait and try to connect now (e.g. the browser came back online). */
  reconnectNow(): void;
  close(): void;
}

/** Delay before reconnect attempt `attempt` (0-based): exponential backoff with ±25% jitter. */
export function backoffDelay(attempt: number, base: number, max: number, random: () => number): number {
  const exp = Math.min(max, base * 2 ** Math.min(attempt, 20));
  return Math.round(exp * (0.75 + random() * 0.5));
}

/** The websocket to the arena: parses every frame, reconnects with backoff, pings while idle. */
export function createArenaSocket(opts: ArenaSocketOptions): ArenaSocket {
  const WS = opts.WebSocketImpl ?? WebSocket;
  const base = opts.baseDelayMs ?? 500;
  const max = opts.maxDelayMs ?? 10_000;
  const pingEvery = opts.pingEveryMs ?? 25_000;
  const random = opts.random ?? Math.random;
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));

  let ws: WebSocket | null = null;
  let attempt = 0;
  let retryTimer: unknown = null;
  let pingTimer: unknown = null;
  let closed = opts.enabled === false;

  const schedulePing = () => {
    if (pingTimer !== null) clearTimer(pingTimer);
    pingTimer = setTimer(() => {
      pingTimer = null;
      if (ws?.readyState === WS.OPEN) ws.send(JSON.stringify({ type: 'ping' }));
      schedulePing();
    }, pingEvery);
  };

  const connect = () => {
    retryTimer = null;
    if (closed) return;
    let socket: WebSocket;
    try {
      socket = new WS(opts.url);
    } catch {
      scheduleRetry();
      return;
    }
    ws = socket;
    socket.onopen = () => {
      if (ws !== socket) return;
      attempt = 0;
      opts.onStatus('open');
      schedulePing();
    };
    socket.onmessage = (ev: MessageEvent) => {
      if (ws !== socket || typeof ev.data !== 'string') return;
      let raw: unknown;
      try {
        raw = JSON.parse(ev.data);
      } catch {
        console.warn('versus: dropped a frame that is not JSON');
        return;
      }
      const parsed = ServerMessage.safeParse(raw);
      if (!parsed.success) {
        console.warn('versus: dropped a frame that does not match the protocol', parsed.error.issues);
        return;
      }
      opts.onMessage(parsed.data);
    };
    socket.onclose = () => {
      if (ws !== socket) return;
      ws = null;
      if (pingTimer !== null) clearTimer(pingTimer);
      pingTimer = null;
      if (closed) return;
      opts.onStatus('reconnecting');
      scheduleRetry();
    };
    // An error is always followed by close; nothing to do here.
    socket.onerror = () => {};
  };

  const scheduleRetry = () => {
    if (closed || retryTimer !== null) return;
    retryTimer = setTimer(connect, backoffDelay(attempt++, base, max, random));
  };

  if (!closed) {
    opts.onStatus('connecting');
    connect();
  }

  return {
    send(msg) {
      const parsed = ClientMessage.safeParse(msg);
      if (!parsed.success) {
        console.warn('versus: refused to send an invalid message', parsed.error.issues);
        return false;
      }
      if (!ws || ws.readyState !== WS.OPEN) return false;
      ws.send(JSON.stringify(parsed.data));
      schedulePing();
      return true;
    },
    reconnectNow() {
      if (closed || ws) return;
      if (retryTimer !== null) clearTimer(retryTimer);
      attempt = 0;
      connect();
    },
    close() {
      closed = true;
      if (retryTimer !== null) clearTimer(retryTimer);
      if (pingTimer !== null) clearTimer(pingTimer);
      const s = ws;
      ws = null;
      s?.close(1000, 'page closed');
    },
  };
}

/** ws(s)://same-host/ws for the page's own origin (the Vite dev server proxies it). */
export function arenaSocketUrl(loc: Pick<Location, 'protocol' | 'host'>): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/ws`;
}
