import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { installGracefulShutdown } from '../../server/graceful-shutdown.ts';

function setup(close: () => Promise<void>, forceAfterMs = 1000) {
  const target = new EventEmitter();
  const exits: number[] = [];
  const said: string[] = [];
  let closes = 0;
  const remove = installGracefulShutdown(
    { close: () => (closes++, close()) },
    { say: (l) => said.push(l), exit: (c) => exits.push(c), target: target as unknown as NodeJS.Process, forceAfterMs },
  );
  return { target, exits, said, remove, closes: () => closes };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('graceful shutdown', () => {
  it('closes once on SIGTERM and exits 0', async () => {
    const s = setup(() => Promise.resolve());
    s.target.emit('SIGTERM', 'SIGTERM');
    await tick();
    expect(s.exits).toEqual([0]);
    expect(s.closes()).toBe(1);
    expect(s.said[0]).toMatch(/SIGTERM: finishing running answers/);
  });

  it('exits 1 at once on a second signal while closing', () => {
    const s = setup(() => new Promise(() => {}));
    s.target.emit('SIGINT', 'SIGINT');
    s.target.emit('SIGINT', 'SIGINT');
    expect(s.exits).toEqual([1]);
    expect(s.closes()).toBe(1);
  });

  it('exits 1 when closing fails or hangs past its limit', async () => {
    const failing = setup(() => Promise.reject(new Error('disk gone')));
    failing.target.emit('SIGTERM', 'SIGTERM');
    await tick();
    expect(failing.exits).toEqual([1]);
    expect(failing.said.at(-1)).toMatch(/disk gone/);

    const hanging = setup(() => new Promise(() => {}), 30);
    hanging.target.emit('SIGTERM', 'SIGTERM');
    await tick(100);
    expect(hanging.exits).toEqual([1]);
  });

  it('removes its handlers', () => {
    const s = setup(() => Promise.resolve());
    s.remove();
    expect(s.target.listenerCount('SIGTERM') + s.target.listenerCount('SIGINT')).toBe(0);
  });
});
