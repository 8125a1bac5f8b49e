import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config/load-config.ts';

const base = { VERSUS_CONFIG: undefined, VERSUS_OFFLINE: '1' };
const load = (env: Record<string, string>) => loadConfig({ ...base, ...env }, '/nonexistent-dir-for-config');

describe('scale-out settings', () => {
  it('defaults to one process, no Redis', () => {
    expect(load({}).scale).toEqual({ workers: 1, redisUrl: undefined, redisPrefix: 'versus:' });
  });

  it('reads VERSUS_WORKERS, VERSUS_REDIS_URL and VERSUS_REDIS_PREFIX', () => {
    const scale = load({
      VERSUS_WORKERS: '3',
      VERSUS_DATABASE_URL: 'postgres://u@db:5432/versus',
      VERSUS_REDIS_URL: 'redis://cache:6379',
      VERSUS_REDIS_PREFIX: 'arena1:',
    }).scale;
    expect(scale).toEqual({ workers: 3, redisUrl: 'redis://cache:6379', redisPrefix: 'arena1:' });
  });

  it.each([
    [{ VERSUS_WORKERS: '0' }, /VERSUS_WORKERS/],
    [{ VERSUS_WORKERS: 'two' }, /VERSUS_WORKERS/],
    [{ VERSUS_REDIS_URL: 'http://cache:6379' }, /VERSUS_REDIS_URL[\s\S]*redis:\/\//],
    [{ VERSUS_REDIS_PREFIX: 'has space' }, /VERSUS_REDIS_PREFIX/],
  ])('refuses %j', (env, message) => {
    expect(() => load(env)).toThrow(ConfigError);
    expect(() => load(env)).toThrow(message);
  });

  it('refuses several workers on SQLite, and without Redis', () => {
    expect(() => load({ VERSUS_WORKERS: '2' })).toThrow(/needs PostgreSQL/);
    expect(() => load({ VERSUS_WORKERS: '2', VERSUS_DATABASE_URL: 'postgres://u@db:5432/versus' })).toThrow(/needs Redis/);
    // One worker is today's single process: SQLite and no Redis are fine.
    expect(load({ VERSUS_WORKERS: '1' }).scale.workers).toBe(1);
  });
});
