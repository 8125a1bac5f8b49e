import type { WebSocket } from 'ws';

/**
 * Pings a socket every `intervalMs`. A socket that has not answered the
 * previous ping by the next one is gone (a vanished peer, a half-open TCP
 * connection, a client that stopped reading): `onDead` runs, then the socket
 * is terminated without a close handshake nobody would answer. Browsers and
 * `ws` answer pings by themselves, so a page left open stays connected.
 * Returns the stop function; 0 disables it.
 */
export function startHeartbeat(raw: WebSocket, intervalMs: number, onDead: () => void): () => void {
  if (intervalMs <= 0) return () => {};
  let answered = true;
  const onPong = () => {
    answered = true;
  };
  const stop = () => {
    clearInterval(timer);
    raw.off('pong', onPong);
  };
  raw.on('pong', onPong);
  const timer = setInterval(() => {
    if (!answered) {
      stop();
      onDead();
      raw.terminate();
      return;
    }
    answered = false;
    raw.ping();
  }, intervalMs);
  timer.unref();
  return stop;
}
