import type { TestClient } from './test-arena.ts';

/**
 * A session the server issued (local mode gives one to whoever asks /auth/me), as a cookie header, so a client can
 * come back to its battles on another connection. A cookie a client makes up is no session.
 */
export async function sessionCookie(serverUrl: string): Promise<{ cookie: string }> {
  const res = await fetch(new URL('/auth/me', serverUrl.replace(/^ws/, 'http')));
  const setCookie = res.headers.get('set-cookie');
  if (!res.ok || !setCookie) throw new Error(`no session from ${serverUrl}: HTTP ${res.status}`);
  return { cookie: setCookie.split(';')[0]! };
}

/** Starts a named battle and resolves with its id once the server has accepted it. */
export async function namedBattle(client: TestClient, a: string, b: string, prompt = 'Say something'): Promise<string> {
  const requestId = `r-${Math.random()}`;
  client.send({ type: 'start', mode: 'named', models: { a, b }, prompt, requestId });
  const started = await client.next('battle-started', (m) => m.requestId === requestId);
  return started.battleId;
}

/** Resolves with the `turn-ended` message of a turn: both of its sides have ended. */
export function bothEnded(client: TestClient, battleId: string, turn = 0) {
  return client.next('turn-ended', (m) => m.battleId === battleId && m.turn === turn);
}
