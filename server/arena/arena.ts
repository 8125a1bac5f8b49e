import { performance } from 'node:perf_hooks';
import { inBlindPool } from '../../shared/catalog.ts';
import { toPublicError } from '../../shared/provider-error.ts';
import { SIDES, type ClientMessage, type RevealedSide, type Side } from '../../shared/protocol.ts';
import { AlreadyVotedError, type BattleStore, type RatedVote } from '../../db/battle-store.ts';
import type { CatalogEntry, ModelCatalog } from '../catalog/model-catalog.ts';
import type { RateLimit } from '../limits/rate-limit.ts';
import type { Logger } from '../logger.ts';
import type { ClientIdentity } from './client-identity.ts';
import { acceptVote, checkOwner, markVoted, openBattle, retrySide, runningSides, startTurn, type Battle } from './battle.ts';
import { identityOf } from './identity-of.ts';
import { KeyedLock } from './keyed-lock.ts';
import { LiveBattles, type Emit, type LiveBattle } from './live-battles.ts';
import { pickPair } from './pick-pair.ts';
import { pickPairAdaptive, type PairingStat } from './pick-pair-adaptive.ts';
import { isRefusal, refuse, type Refusal } from './refusal.ts';
import { restoreBattle } from './restore-battle.ts';
import { newBattleId } from './session-ids.ts';
import { isStorageError, storageMessage } from './storage-error.ts';
import { runTurn, type RunnableEntry } from './turn-runner.ts';

export type { Emit } from './live-battles.ts';

export interface ArenaDeps {
  catalog: ModelCatalog;
  /** Per-client limits on battles started, votes cast and stops asked (a stop may read the database). */
  limits?: { battles: RateLimit; votes: RateLimit; stops?: RateLimit };
  store: BattleStore;
  battle: { defaultMaxTokens: number; systemPrompt?: string };
  log: Logger;
  /** Told of every stored vote (the leaderboard keeps its counts incrementally). */
  onVote?: (v: RatedVote) => void;
  /** Told the user turns of a battle each time one is stored (its categories are decided from them). */
  onTurnStored?: (battleId: string, prompts: readonly string[]) => void;
  /**
   * What the blind board knows of each model (rating and variance): blind pairs are then drawn towards
   * the votes that teach the board most, every pair keeping a floor (pick-pair-adaptive.ts); absent, uniformly.
   */
  pairingStats?: () => ReadonlyMap<string, PairingStat>;
  random?: () => number;
  /** Monotonic clock (ms). */
  now?: () => number;
  /** How long an untouched battle stays in memory (default 30 min). */
  idleMs?: number;
  /** Battles one connection keeps in memory (default 16). */
  liveBattlesPerConnection?: number;
  /** A side failed with a network error (the endpoint health monitor looks again). */
  onNetworkError?: () => void;
  /** A stop for a battle its owner asked for that streams on no connection here: tell the other nodes (server/scale). */
  stopElsewhere?: (battleId: string, side: Side | undefined) => Promise<void>;
}

/** One websocket connection's view of the arena. */
export interface ArenaConnection {
  handle(msg: ClientMessage): Promise<void>;
  close(): void;
}

type Msg<T extends ClientMessage['type']> = Extract<ClientMessage, { type: T }>;

/** Which limit each kind of request takes a token from. */
const LIMITED_BY: Record<ClientMessage['type'], 'battles' | 'votes' | 'stops' | undefined> = {
  start: 'battles',
  'follow-up': 'battles',
  retry: 'battles',
  stop: 'stops',
  vote: 'votes',
  ping: undefined,
};

/** What one connection's requests need: who it is and where its replies go. */
interface Conn {
  readonly id: symbol;
  readonly sessionHash: string;
  readonly who: ClientIdentity;
  readonly send: Emit;
  /** False once the socket closed: a request that was awaiting the store may find its client gone. */
  readonly open: () => boolean;
}

/**
 * The router between connections and battles: turns each client message into
 * calls on the battle rules (battle.ts), the turn runner and the store, and
 * every refusal into an `error` reply. It holds no rule of its own.
 */
export class Arena {
  private readonly live: LiveBattles;
  /** Requests on one battle take turns: each reads the battle's state, awaits the store, then changes the state. */
  private readonly perBattle = new KeyedLock();
  /** Requests being handled: shutdown waits for them before the store closes. */
  private readonly inflight = new Set<Promise<void>>();
  /** Set by shutdown(): no new work once the database is about to close. */
  private shuttingDown = false;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly deps: ArenaDeps) {
    this.now = deps.now ?? (() => performance.now());
    this.random = deps.random ?? Math.random;
    this.live = new LiveBattles({
      idleMs: deps.idleMs ?? 30 * 60_000,
      perConnection: deps.liveBattlesPerConnection ?? 16,
      now: this.now,
    });
  }

  get liveBattleCount(): number {
    return this.live.size;
  }

  /** Rate limits follow `who.limitKey` (the signed-in user, else the address): a new cookie does not reset them. */
  connect(who: ClientIdentity, emit: Emit): ArenaConnection {
    let open = true;
    const send: Emit = (m) => {
      if (open) emit(m);
    };
    const conn: Conn = { id: Symbol('connection'), sessionHash: who.sessionHash, who, send, open: () => open };
    const clientKey = who.limitKey;
    const answer = async (msg: ClientMessage) => {
      let outcome: Refusal | void;
      try {
        outcome = await this.route(conn, clientKey, msg);
      } catch (e) {
        outcome = this.asRefusal(e);
      }
      if (isRefusal(outcome)) {
        const battleId = 'battleId' in msg ? msg.battleId : undefined;
        conn.send({
          type: 'error',
          code: outcome.refused,
          message: outcome.message,
          ...(msg.requestId ? { requestId: msg.requestId } : {}),
          ...(battleId ? { battleId } : {}),
        });
      }
    };
    return {
      // Never rejects: a failure becomes an `error` frame. Answers stream on their own after it resolves.
      handle: (msg) => {
        const handled = answer(msg);
        this.inflight.add(handled);
        void handled.finally(() => this.inflight.delete(handled));
        return handled;
      },
      close: () => {
        open = false;
        this.live.release(conn.id);
      },
    };
  }

  /** Aborts every running side (server shutdown); resolves when requests in progress and their answers are stored. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    // Requests past their check (a vote being written, a battle being stored) finish first, so a turn they start is
    // among those stopped below; requests arriving from now on are refused.
    await Promise.allSettled([...this.inflight]);
    const pending = this.live.all().map((l) => {
      for (const c of l.running.values()) c.abort();
      return l.turnDone;
    });
    await Promise.allSettled(pending);
    this.live.dispose();
  }

  private async route(conn: Conn, clientKey: string, msg: ClientMessage): Promise<Refusal | void> {
    if (this.shuttingDown && msg.type !== 'ping' && msg.type !== 'stop') {
      return refuse('busy', 'The server is shutting down; try again once it is back');
    }
    const what = LIMITED_BY[msg.type];
    if (what) {
      const r = this.limit(what, clientKey);
      // Awaited only when the limit is shared (Redis): in memory the request goes on in the same tick, as it always has.
      const refused = r instanceof Promise ? await r : r;
      if (refused) return refused;
    }
    switch (msg.type) {
      case 'start':
        return this.start(conn, msg);
      case 'follow-up':
        return this.perBattle.run(msg.battleId, () => this.followUp(conn, msg));
      case 'stop':
        // In turn too: a stop sent just after a follow-up stops that follow-up's answers once they have started.
        return this.perBattle.run(msg.battleId, () => this.stop(conn, msg));
      case 'vote':
        return this.perBattle.run(msg.battleId, () => this.vote(conn, msg));
      case 'retry':
        return this.perBattle.run(msg.battleId, () => this.retry(conn, msg));
      case 'ping':
        return conn.send({ type: 'pong', ...(msg.requestId ? { requestId: msg.requestId } : {}) });
      default: {
        const never: never = msg;
        return refuse('bad_message', `unknown message ${JSON.stringify(never)}`);
      }
    }
  }

  private asRefusal(e: unknown): Refusal {
    if (isStorageError(e)) return refuse('storage', storageMessage(e));
    this.deps.log.error('arena request failed', e);
    return refuse('internal', 'Something went wrong on the server; the error was logged');
  }

  /** In memory the answer is immediate; a limit shared through Redis is awaited. */
  private limit(what: 'battles' | 'votes' | 'stops', clientKey: string): Refusal | undefined | Promise<Refusal | undefined> {
    const words = { battles: 'prompts', votes: 'votes', stops: 'stop requests' } as const;
    const verdict = (wait: number) =>
      wait <= 0 ? undefined : refuse('rate_limited', `Too many ${words[what]}; try again in ${Math.ceil(wait / 1000)} s`);
    const wait = this.deps.limits?.[what]?.take(clientKey) ?? 0;
    return typeof wait === 'number' ? verdict(wait) : wait.then(verdict);
  }

  private pair(msg: Msg<'start'>): Record<Side, RunnableEntry> | Refusal {
    const runnable = (e: CatalogEntry): e is RunnableEntry => e.adapter !== null;
    if (msg.mode === 'blind') {
      const available = this.deps.catalog.available().filter(runnable);
      const pool = available.filter((e) => inBlindPool(e.spec));
      if (pool.length < 2) {
        const namedOnly = available.length - pool.length;
        const aside = namedOnly > 0 ? ` (${namedOnly} more for named battles only: completion-only or test models)` : '';
        return refuse('no_models', `A blind battle needs two available models; ${pool.length} available${aside} (see /api/models)`);
      }
      const stats = this.deps.pairingStats?.();
      if (!stats) {
        const [a, b] = pickPair(pool, this.random);
        return { a, b };
      }
      const byId = new Map(pool.map((e) => [e.spec.id, e]));
      const [a, b] = pickPairAdaptive([...byId.keys()], stats, this.random);
      return { a: byId.get(a)!, b: byId.get(b)! };
    }
    // One model on both sides is allowed in named mode (two settings of it); its votes stay out of ratings.
    const { a: idA, b: idB } = msg.models!;
    const entries: Partial<Record<Side, RunnableEntry>> = {};
    for (const [side, id] of [
      ['a', idA],
      ['b', idB],
    ] as const) {
      const e = this.deps.catalog.get(id);
      if (!e) return refuse('not_found', `Unknown model "${id}"`);
      if (!runnable(e)) return refuse('no_models', `Model "${id}" is unavailable: ${e.unavailableReason ?? 'unknown reason'}`);
      entries[side] = e;
    }
    return entries as Record<Side, RunnableEntry>;
  }

  private async start(conn: Conn, msg: Msg<'start'>): Promise<Refusal | void> {
    const entries = this.pair(msg);
    if (isRefusal(entries)) return entries;
    const state = openBattle(
      {
        id: newBattleId(),
        sessionHash: conn.sessionHash,
        mode: msg.mode,
        models: { a: entries.a.spec.id, b: entries.b.spec.id },
        settings: { a: msg.settings?.a ?? {}, b: msg.settings?.b ?? {} },
        createdAt: Date.now(),
      },
      msg.prompt,
    );
    // Stored before any token is requested: a battle we cannot record is not run.
    await this.deps.store.createBattle(
      {
        id: state.id,
        sessionHash: state.sessionHash,
        mode: state.mode,
        modelA: state.models.a,
        modelB: state.models.b,
        createdAt: state.createdAt,
        flagged: null,
        settings: state.settings,
      },
      msg.prompt,
    );
    this.deps.onTurnStored?.(state.id, [msg.prompt]);
    const live: LiveBattle = {
      state,
      running: new Map(),
      emit: conn.send,
      owner: conn.id,
      turnDone: Promise.resolve(),
      lastUsedAt: this.now(),
    };
    this.live.hold(live, conn.id, conn.send);
    const hidden = msg.mode === 'blind';
    conn.send({
      type: 'battle-started',
      ...(msg.requestId ? { requestId: msg.requestId } : {}),
      battleId: state.id,
      mode: msg.mode,
      sides: {
        a: hidden ? null : identityOf(state.models.a, entries.a),
        b: hidden ? null : identityOf(state.models.b, entries.b),
      },
      ...(hidden ? {} : { settings: state.settings }),
    });
    runTurn(this.turnDeps(), live, entries, { requestId: msg.requestId });
    this.stopIfGone(conn);
  }

  private async followUp(conn: Conn, msg: Msg<'follow-up'>): Promise<Refusal | void> {
    const live = await this.find(msg.battleId);
    if (isRefusal(live)) return live;
    const refused = checkOwner(live.state, conn.sessionHash);
    if (refused) return refused;
    const entries: Partial<Record<Side, CatalogEntry>> = {};
    for (const s of SIDES) entries[s] = this.deps.catalog.get(live.state.models[s]);
    const next = startTurn(live.state, msg.prompt, { a: !!entries.a?.adapter, b: !!entries.b?.adapter });
    if (isRefusal(next)) return next;
    await this.deps.store.addTurn({ battleId: next.id, turn: next.turn, prompt: msg.prompt, createdAt: Date.now() });
    this.deps.onTurnStored?.(
      next.id,
      next.history.a.filter((m) => m.role === 'user').map((m) => m.content),
    );
    live.state = next;
    this.live.hold(live, conn.id, conn.send);
    runTurn(this.turnDeps(), live, entries as Record<Side, RunnableEntry>, { requestId: msg.requestId });
    this.stopIfGone(conn);
  }

  private async retry(conn: Conn, msg: Msg<'retry'>): Promise<Refusal | void> {
    const live = await this.find(msg.battleId);
    if (isRefusal(live)) return live;
    const refused = checkOwner(live.state, conn.sessionHash);
    if (refused) return refused;
    const entry = this.deps.catalog.get(live.state.models[msg.side]);
    const next = retrySide(live.state, msg.side, !!entry?.adapter);
    if (isRefusal(next)) return next;
    live.state = next;
    this.live.hold(live, conn.id, conn.send);
    // Only the retried side runs; the other entry is never used.
    const entries = { a: entry, b: entry } as Record<Side, RunnableEntry>;
    runTurn(this.turnDeps(), live, entries, { requestId: msg.requestId, retried: msg.side });
    this.stopIfGone(conn);
  }

  /**
   * The socket closed while this request awaited the store: its turn started
   * after the close let go of the connection's battles, so it is stopped now,
   * as the close would have (answers stored as stopped, nobody paying for tokens).
   */
  private stopIfGone(conn: Conn): void {
    if (!conn.open()) this.live.release(conn.id);
  }

  private async stop(conn: Conn, msg: Msg<'stop'>): Promise<Refusal | void> {
    const live = this.live.get(msg.battleId);
    if (!live) {
      // Nothing of it streams here: answer who owns it without holding it in memory.
      const record = await this.deps.store.getBattleRecord(msg.battleId);
      if (!record) return refuse('not_found', 'No such battle');
      if (record.sessionHash !== conn.sessionHash) return refuse('forbidden', 'This battle belongs to another session');
      // Its owner asked: it may be streaming on another node, to another of their connections.
      await this.deps.stopElsewhere?.(msg.battleId, msg.side);
      return;
    }
    const refused = checkOwner(live.state, conn.sessionHash);
    if (refused) return refused;
    const running = runningSides(live.state);
    for (const s of msg.side ? [msg.side] : running) live.running.get(s)?.abort();
  }

  /**
   * Another node passed on a stop its owner asked for (that node checked the
   * owner against the stored battle): stop it if it streams here.
   */
  stopHere(battleId: string, side: Side | undefined): Promise<void> {
    return this.perBattle.run(battleId, () => {
      const live = this.live.get(battleId);
      if (!live) return Promise.resolve();
      for (const s of side ? [side] : runningSides(live.state)) live.running.get(s)?.abort();
      return Promise.resolve();
    });
  }

  private async vote(conn: Conn, msg: Msg<'vote'>): Promise<Refusal | void> {
    const live = await this.find(msg.battleId);
    if (isRefusal(live)) return live;
    const refused = checkOwner(live.state, conn.sessionHash);
    if (refused) return refused;
    const accepted = acceptVote(live.state, this.now());
    if (isRefusal(accepted)) return accepted;
    const { battle, countsForRatings, notCountedBecause, decisionMs } = accepted;
    const createdAt = Date.now();
    try {
      // The vote records who cast it: the user, and keyed hashes of the address (never the address), for moderation.
      // Acknowledged below only once this resolves, that is once its transaction committed.
      await this.deps.store.recordVote({
        battleId: battle.id,
        choice: msg.choice,
        sessionHash: conn.sessionHash,
        createdAt,
        decisionMs,
        countsForRatings,
        userId: conn.who.userId,
        addressHash: conn.who.address?.hash ?? null,
        addressPrefixes: conn.who.address?.prefixes ?? [],
      });
    } catch (e) {
      if (!(e instanceof AlreadyVotedError)) throw e;
      live.state = markVoted(live.state);
      return refuse('already_voted', 'This battle already has a vote');
    }
    // The record is complete; nothing more can happen to this battle, so it leaves memory.
    this.live.delete(battle.id);
    this.deps.onVote?.({
      battleId: battle.id,
      mode: battle.mode,
      modelA: battle.models.a,
      modelB: battle.models.b,
      choice: msg.choice,
      tstamp: createdAt,
      countsForRatings,
      flagged: battle.flagged,
      voided: false,
    });
    conn.send({
      type: 'vote-recorded',
      ...(msg.requestId ? { requestId: msg.requestId } : {}),
      battleId: battle.id,
      choice: msg.choice,
      countsForRatings,
      ...(notCountedBecause ? { notCountedBecause } : {}),
      turn: battle.turn,
      reveal: { a: this.revealed(battle, 'a'), b: this.revealed(battle, 'b') },
    });
  }

  /** Everything about a side, now that the vote is in: who it was, its own finish reason and error, the battle's totals. */
  private revealed(battle: Battle, side: Side): RevealedSide {
    const id = battle.models[side];
    const outcome = battle.outcomes[side];
    return {
      ...identityOf(id, this.deps.catalog.get(id)),
      metrics: outcome?.metrics ?? null,
      finishReason: outcome?.finishReason ?? null,
      error: outcome?.error ? toPublicError(outcome.error) : null,
      totals: battle.totals[side],
    };
  }

  /**
   * The battle in memory, or restored from the database without holding it:
   * only a follow-up (via `hold`) keeps a restored battle, so reading stored
   * battles cannot grow memory. Called under the battle's lock, so no other
   * request on it can hold it while this one reads.
   */
  private async find(battleId: string): Promise<LiveBattle | Refusal> {
    const held = this.live.get(battleId);
    if (held) return held;
    const stored = await this.deps.store.getBattle(battleId);
    if (!stored) return refuse('not_found', 'No such battle');
    const noop = () => {};
    return {
      state: restoreBattle(stored),
      running: new Map(),
      emit: noop,
      owner: Symbol('stored'),
      turnDone: Promise.resolve(),
      lastUsedAt: this.now(),
    };
  }

  private turnDeps() {
    const { store, log, battle, onNetworkError } = this.deps;
    return { store, log, battle, now: this.now, ...(onNetworkError ? { onNetworkError } : {}) };
  }
}
