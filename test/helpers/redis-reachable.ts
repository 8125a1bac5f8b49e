import { createClient } from 'redis';

/** Whether a Redis at `url` answers PING within `timeoutMs`. */
export async function redisReachable(url: string, timeoutMs = 2_000): Promise<boolean> {
  const client = createClient({ url, socket: { connectTimeout: timeoutMs, reconnectStrategy: false } });
  // A refused connection is an answer here ("no"), never a crash of the test run.
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    if (client.isOpen) client.destroy();
  }
}
