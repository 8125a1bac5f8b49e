import type { TestClient } from './test-arena.ts';

/** A session cookie (32 chars from the token alphabet) so a client can come back to its battles. */
export const sessionCookie = (name: string) => ({ cookie: `versus_sid=${name.replace(/[^A-Za-z0-9_-]/g, '-').padEnd(32, 'x').slice(0, 32)}` });

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
