import type { createClient } from 'redis';

export type RedisClient = ReturnType<typeof createClient>;

/**
 * A connected client. The first connection must succeed (a Redis that is down
 * at start is the operator's to fix, and is said so at once); once it has,
 * a lost connection is retried for as long as it takes.
 */
export async function connectRedis(url: string, onError: (e: unknown) => void): Promise<RedisClient> {
  // Loaded here, not at start: a node without Redis (the default) would load the client's modules for nothing (about 0.2 s).
  const { createClient } = await import('redis');
  let connected = false;
  const client = createClient({
    url,
    socket: {
      connectTimeout: 5_000,
      reconnectStrategy: (retries, cause) => (connected ? Math.min(100 * 2 ** retries, 2_000) : cause),
    },
  });
  client.on('error', (e: unknown) => {
    if (connected) onError(e);
  });
  await client.connect();
  connected = true;
  return client;
}
