import { afterEach, describe, expect, it } from 'vitest';
import { openBattle } from '../../server/arena/battle.ts';
import { LiveBattles, type LiveBattle } from '../../server/arena/live-battles.ts';

let clock = 0;
const registries: LiveBattles[] = [];
const noop = () => {};

function registry(perConnection = 3, idleMs = 1_000): LiveBattles {
  clock = 0;
  const r = new LiveBattles({ idleMs, perConnection, now: () => clock });
  registries.push(r);
  return r;
}

function battle(id: string, owner: symbol): LiveBattle {
  const state = openBattle({ id, sessionHash: 's', mode: 'named', models: { a: 'm1', b: 'm2' }, createdAt: 0 }, 'Q');
  return { state, running: new Map(), emit: noop, owner, turnDone: Promise.resolve(), lastUsedAt: 0 };
}

afterEach(() => {
  for (const r of registries.splice(0)) r.dispose();
});

describe('battles in memory', () => {
  it('keeps at most perConnection battles per connection, dropping the oldest idle one first', () => {
    const r = registry(3);
    const me = Symbol('me');
    const other = Symbol('other');
    const busy = battle('busy', me);
    busy.running.set('a', new AbortController());
    r.hold(busy, me, noop);
    for (const id of ['x1', 'x2', 'x3']) r.hold(battle(id, me), me, noop);
    r.hold(battle('theirs', other), other, noop);
    // The streaming one is never dropped; the oldest idle one (x1) is.
    expect(r.get('busy')).toBeDefined();
    expect(r.get('x1')).toBeUndefined();
    expect(r.get('x2')).toBeDefined();
    expect(r.get('theirs')).toBeDefined();
    expect(r.size).toBe(4);
  });

  it('forgets battles idle past idleMs, but never one that is streaming', () => {
    const r = registry(10, 1_000);
    const me = Symbol('me');
    const idle = battle('idle', me);
    const streaming = battle('streaming', me);
    streaming.running.set('b', new AbortController());
    r.hold(idle, me, noop);
    r.hold(streaming, me, noop);
    clock = 999;
    r.sweep();
    expect(r.size).toBe(2);
    clock = 1_001;
    r.sweep();
    expect(r.get('idle')).toBeUndefined();
    expect(r.get('streaming')).toBeDefined();
  });

  it('counts a read as use, so a battle being worked on stays', () => {
    const r = registry(10, 1_000);
    const me = Symbol('me');
    r.hold(battle('used', me), me, noop);
    clock = 900;
    r.get('used');
    clock = 1_500;
    r.sweep();
    expect(r.get('used')).toBeDefined();
  });

  it('on release aborts the connection running answers and forgets its battles once their turn is stored', async () => {
    const r = registry(10);
    const me = Symbol('me');
    const next = Symbol('next connection');
    const running = battle('running', me);
    const controller = new AbortController();
    running.running.set('a', controller);
    let storeTurn!: () => void;
    running.turnDone = new Promise((resolve) => (storeTurn = resolve));
    r.hold(running, me, noop);
    const takenOver = battle('taken-over', me);
    r.hold(takenOver, me, noop);
    const takeoverController = new AbortController();
    takenOver.running.set('b', takeoverController);
    // A reconnect of the same session steers this one now: the old connection's close must not touch it.
    r.hold(takenOver, next, noop);
    r.release(me);
    expect(controller.signal.aborted).toBe(true);
    expect(takeoverController.signal.aborted).toBe(false);
    // Still held until its answers are stored.
    expect(r.get('running')).toBeDefined();
    storeTurn();
    await running.turnDone;
    await Promise.resolve();
    expect(r.get('running')).toBeUndefined();
    expect(r.get('taken-over')).toBeDefined();
  });
});
