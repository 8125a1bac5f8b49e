import { performance } from 'node:perf_hooks';
import { toPublicError } from '../../shared/provider-error.ts';
import {
  LIMITS,
  SIDES,
  type ClientMessage,
  type ServerMessage,
  type Side,
  type SideIdentity,
} from '../../shared/protocol.ts';
import { AlreadyVotedError, type BattleRecord, type BattleStore, type RatedVote } from '../../db/battle-store.ts';
import type { ModelCatalog } from '../catalog/model-catalog.ts';
import type { Logger } from '../logger.ts';
import type { ChatMessage } from '../providers/types.ts';
import { ArenaError } from './arena-error.ts';
import { pickPair } from './pick-pair.ts';
import { runSide, type SideOutcome } from './run-side.ts';
import { newBattleId } from './session-ids.ts';
import { identityOf, loadBattle, type LiveBattle } from './live-battle.ts';
import { isStorageError, storageMessage } from './storage-error.ts';
import { identityTerms, selfIdentification } from './self-identification.ts';
import type { TokenBuckets } from '../limits/token-bucket.ts';

export type Emit = (msg: ServerMessage) => void;

export interface ArenaDeps {
  catalog: ModelCatalog;
  /** Per-client limits on battles started and votes cast. */
  limits?: { battles: TokenBuckets; votes: TokenBuckets };
  store: BattleStore;
  battle: { defaultMaxTokens: number; systemPrompt?: string };
  log: Logger;
  /** Told of every stored vote (the leaderboard keeps its counts incrementally). */
  onVote?: (v: RatedVote) => void;
  random?: () => number;
  now?: () => number;
}

/** One websocket connection's view of the arena. */
export interface ArenaConnection {
  handle(msg: ClientMessage): Promise<void>;
  close(): void;
}

/**
 * Battles: start, stream both sides, follow-ups, stop, vote. Holds only the
 * battles of open connections in memory; the database is the record, and a
 * battle not in memory (after a reconnect or a restart) is loaded from it.
 */
export class Arena {
  private readonly live = new Map<string, LiveBattle>();
  /** Set by shutdown(): no new work once the database is about to close. */
  private shuttingDown = false;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly deps: ArenaDeps) {
    this.now = deps.now ?? (() => performance.now());
    this.random = deps.random ?? Math.random;
  }

  /** `clientKey` identifies the client for rate limits (its address): a new cookie does not reset them. */
  connect(sessionHash: string, emit: Emit, clientKey = sessionHash): ArenaConnection {
    const owned = new Set<string>();
    let open = true;
    const send: Emit = (m) => {
      if (open) emit(m);
    };
    const reply = (requestId: string | undefined, battleId: string | undefined, e: unknown) => {
      const err =
        e instanceof ArenaError
          ? e
          : isStorageError(e)
            ? new ArenaError('storage', storageMessage(e))
            : new ArenaError('internal', 'Something went wrong on the server; the error was logged');
      if (err.code === 'internal') this.deps.log.error('arena request failed', e);
      send({ type: 'error', code: err.code, message: err.message, ...(requestId ? { requestId } : {}), ...(battleId ? { battleId } : {}) });
    };
    return {
      handle: async (msg) => {
        const battleId = 'battleId' in msg ? msg.battleId : undefined;
        try {
          if (this.shuttingDown && msg.type !== 'ping' && msg.type !== 'stop') {
            throw new ArenaError('busy', 'The server is shutting down; try again once it is back');
          }
          switch (msg.type) {
            case 'start':
              this.limit('battles', clientKey);
              return await this.start(sessionHash, msg, send, owned);
            case 'follow-up':
              this.limit('battles', clientKey);
              return await this.followUp(sessionHash, msg, send, owned);
            case 'stop':
              return this.stop(sessionHash, msg.battleId, msg.side);
            case 'vote':
              this.limit('votes', clientKey);
              return this.vote(sessionHash, msg, send, owned);
            case 'ping':
              return send({ type: 'pong', ...(msg.requestId ? { requestId: msg.requestId } : {}) });
            default: {
              const never: never = msg;
              throw new ArenaError('bad_message', `unknown message ${JSON.stringify(never)}`);
            }
          }
        } catch (e) {
          reply(msg.requestId, battleId, e);
        }
      },
      close: () => {
        open = false;
        // Nobody is listening any more: stop paying for tokens at once.
        for (const id of owned) {
          const b = this.live.get(id);
          if (!b) continue;
          for (const c of b.running.values()) c.abort();
          if (b.running.size === 0) this.live.delete(id);
          else void b.turnDone.then(() => this.live.delete(id));
        }
        owned.clear();
      },
    };
  }

  /** Aborts every running side (server shutdown); resolves when their answers are stored. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    const pending = [...this.live.values()].map((b) => {
      for (const c of b.running.values()) c.abort();
      return b.turnDone;
    });
    await Promise.allSettled(pending);
  }

  private limit(what: 'battles' | 'votes', clientKey: string): void {
    const wait = this.deps.limits?.[what].take(clientKey) ?? 0;
    if (wait > 0) {
      throw new ArenaError('rate_limited', `Too many ${what === 'battles' ? 'prompts' : 'votes'}; try again in ${Math.ceil(wait / 1000)} s`);
    }
  }

  get liveBattleCount(): number {
    return this.live.size;
  }

  private async start(
    sessionHash: string,
    msg: Extract<ClientMessage, { type: 'start' }>,
    send: Emit,
    owned: Set<string>,
  ): Promise<void> {
    const { catalog } = this.deps;
    let pair;
    if (msg.mode === 'blind') {
      const available = catalog.available();
      if (available.length < 2) {
        throw new ArenaError('no_models', `A blind battle needs two available models; ${available.length} available (see /api/models)`);
      }
      pair = pickPair(available, this.random);
    } else {
      const ids = [msg.models!.a, msg.models!.b];
      if (ids[0] === ids[1]) throw new ArenaError('bad_message', 'Pick two different models');
      pair = ids.map((id) => {
        const e = catalog.get(id);
        if (!e) throw new ArenaError('not_found', `Unknown model "${id}"`);
        if (!e.adapter) throw new ArenaError('no_models', `Model "${id}" is unavailable: ${e.unavailableReason ?? 'unknown reason'}`);
        return e;
      });
    }
    const [a, b] = pair as [NonNullable<(typeof pair)[0]>, NonNullable<(typeof pair)[1]>];
    const record: BattleRecord = {
      id: newBattleId(),
      sessionHash,
      mode: msg.mode,
      modelA: a.spec.id,
      modelB: b.spec.id,
      createdAt: Date.now(),
      flagged: null,
    };
    // Stored before any token is requested: a battle we cannot record is not run.
    this.deps.store.createBattle(record, msg.prompt);
    const battle: LiveBattle = {
      record,
      entries: { a, b },
      history: { a: [], b: [] },
      turn: 0,
      running: new Map(),
      outcomes: {},
      bothEndedAt: null,
      voted: false,
      unsaved: false,
      turnDone: Promise.resolve(),
      emit: send,
    };
    this.live.set(record.id, battle);
    owned.add(record.id);
    const hidden = msg.mode === 'blind';
    send({
      type: 'battle-started',
      ...(msg.requestId ? { requestId: msg.requestId } : {}),
      battleId: record.id,
      mode: msg.mode,
      sides: { a: hidden ? null : identityOf(record.modelA, a), b: hidden ? null : identityOf(record.modelB, b) },
    });
    this.runTurn(battle, 0, msg.prompt, msg.requestId);
  }

  private async followUp(
    sessionHash: string,
    msg: Extract<ClientMessage, { type: 'follow-up' }>,
    send: Emit,
    owned: Set<string>,
  ): Promise<void> {
    const battle = this.getOwned(sessionHash, msg.battleId);
    if (battle.voted) throw new ArenaError('already_voted', 'This battle has been voted on; start a new battle');
    if (battle.running.size > 0) throw new ArenaError('busy', 'Wait until both answers have finished, or stop them');
    if (battle.turn + 1 >= LIMITS.turnsPerBattle) {
      throw new ArenaError('limit', `A battle has at most ${LIMITS.turnsPerBattle} turns; start a new battle`);
    }
    for (const side of SIDES) {
      const e = battle.entries[side];
      if (!e?.adapter) throw new ArenaError('no_models', `Model on side ${side.toUpperCase()} is no longer available`);
    }
    const turn = battle.turn + 1;
    this.deps.store.addTurn({ battleId: battle.record.id, turn, prompt: msg.prompt, createdAt: Date.now() });
    battle.turn = turn;
    battle.emit = send;
    owned.add(battle.record.id);
    this.runTurn(battle, turn, msg.prompt, msg.requestId);
  }

  private stop(sessionHash: string, battleId: string, side: Side | undefined): void {
    const battle = this.getOwned(sessionHash, battleId);
    for (const s of side ? [side] : SIDES) battle.running.get(s)?.abort();
  }

  private vote(sessionHash: string, msg: Extract<ClientMessage, { type: 'vote' }>, send: Emit, owned: Set<string>): void {
    const battle = this.getOwned(sessionHash, msg.battleId);
    if (battle.voted) throw new ArenaError('already_voted', 'This battle already has a vote');
    if (battle.running.size > 0) throw new ArenaError('not_votable', 'Wait until both answers have finished');
    const { a, b } = battle.outcomes;
    if (!a || !b) throw new ArenaError('not_votable', 'This battle has no complete answer on both sides to vote on');
    if (battle.unsaved) throw new ArenaError('storage', 'An answer of this battle could not be saved, so it cannot take a vote; start a new battle');
    // A stopped or failed side is still a vote the user meant, so it is kept;
    // but a provider fault says nothing about quality, so ratings skip it by default.
    const countsForRatings = a.status === 'finished' && b.status === 'finished';
    const createdAt = Date.now();
    try {
      this.deps.store.recordVote({
        battleId: battle.record.id,
        choice: msg.choice,
        sessionHash,
        createdAt,
        decisionMs: battle.bothEndedAt === null ? null : this.now() - battle.bothEndedAt,
        countsForRatings,
      });
    } catch (e) {
      if (e instanceof AlreadyVotedError) {
        battle.voted = true;
        throw new ArenaError('already_voted', 'This battle already has a vote');
      }
      throw e;
    }
    battle.voted = true;
    const { record } = battle;
    this.deps.onVote?.({
      battleId: record.id,
      mode: record.mode,
      modelA: record.modelA,
      modelB: record.modelB,
      choice: msg.choice,
      tstamp: createdAt,
      countsForRatings,
      flagged: record.flagged,
    });
    send({
      type: 'vote-recorded',
      ...(msg.requestId ? { requestId: msg.requestId } : {}),
      battleId: battle.record.id,
      choice: msg.choice,
      countsForRatings,
      reveal: {
        a: { ...identityOf(battle.record.modelA, battle.entries.a), metrics: a.metrics },
        b: { ...identityOf(battle.record.modelB, battle.entries.b), metrics: b.metrics },
      },
    });
    // The record is complete; nothing more can happen to this battle.
    this.live.delete(battle.record.id);
    owned.delete(battle.record.id);
  }

  private getOwned(sessionHash: string, battleId: string): LiveBattle {
    let battle = this.live.get(battleId);
    if (!battle) {
      const loaded = loadBattle(this.deps.store, this.deps.catalog, battleId);
      if (!loaded) throw new ArenaError('not_found', 'No such battle');
      battle = loaded;
      if (battle.record.sessionHash === sessionHash && !battle.voted) this.live.set(battleId, battle);
    }
    if (battle.record.sessionHash !== sessionHash) throw new ArenaError('forbidden', 'This battle belongs to another session');
    return battle;
  }

  /** A blind answer that names its own model or maker is no longer blind: keep it, but flag it. */
  private flagSelfIdentification(battle: LiveBattle): void {
    if (battle.record.flagged) return;
    for (const side of SIDES) {
      const entry = battle.entries[side];
      const text = battle.outcomes[side]?.text;
      if (!entry || !text) continue;
      const term = selfIdentification(text, identityTerms(entry.spec));
      if (!term) continue;
      const reason = `side ${side.toUpperCase()} named itself ("${term}")`;
      battle.record.flagged = reason;
      try {
        this.deps.store.flagBattle(battle.record.id, reason);
      } catch (e) {
        this.deps.log.error(`could not flag battle ${battle.record.id}`, e);
      }
      return;
    }
  }

  private runTurn(battle: LiveBattle, turn: number, prompt: string, requestId: string | undefined): void {
    const { store, log } = this.deps;
    const battleId = battle.record.id;
    const blind = battle.record.mode === 'blind';
    battle.outcomes = {};
    battle.bothEndedAt = null;
    battle.emit({ type: 'turn-started', ...(requestId ? { requestId } : {}), battleId, turn, prompt });

    const runOne = async (side: Side): Promise<void> => {
      const entry = battle.entries[side]!;
      const controller = new AbortController();
      battle.running.set(side, controller);
      battle.history[side].push({ role: 'user', content: prompt });
      const messages: ChatMessage[] = [
        ...(this.deps.battle.systemPrompt ? [{ role: 'system' as const, content: this.deps.battle.systemPrompt }] : []),
        ...battle.history[side],
      ];
      const sampling = {
        ...entry.spec.sampling,
        maxTokens: entry.spec.sampling.maxTokens ?? Math.min(this.deps.battle.defaultMaxTokens, entry.spec.maxOutputTokens ?? Infinity),
      };
      const outcome: SideOutcome = await runSide({
        adapter: entry.adapter!,
        request: { model: entry.spec.upstreamModel, messages, sampling },
        pricing: entry.spec.pricing,
        signal: controller.signal,
        now: this.now,
        onText: (text) => battle.emit({ type: 'delta', battleId, turn, side, text }),
        onLive: (l) => battle.emit({ type: 'live', battleId, turn, side, ...l }),
      });
      battle.running.delete(side);
      battle.outcomes[side] = outcome;
      if (outcome.status === 'error' && outcome.error) {
        // The operator's view of provider failures (keys are redacted by the logger as well as at the adapter edge).
        log.info(`${entry.spec.id} failed in ${battleId}/${turn}/${side} (${outcome.error.kind}): ${outcome.error.message}`);
        if (outcome.error.raw) log.debug(`provider detail for ${battleId}/${turn}/${side}`, outcome.error.raw);
      }
      // Keep the conversation coherent for the next turn even when this side failed.
      battle.history[side].push({ role: 'assistant', content: outcome.text || '(no answer)' });
      try {
        store.saveResponse({ battleId, turn, side, modelId: entry.spec.id, ...outcome, endedAt: Date.now() });
      } catch (e) {
        log.error(`could not store answer ${battleId}/${turn}/${side}`, e);
        battle.unsaved = true;
        battle.emit({ type: 'error', battleId, code: 'storage', message: storageMessage(e) });
      }
      battle.emit({
        type: 'side-ended',
        battleId,
        turn,
        side,
        status: outcome.status,
        finishReason: outcome.finishReason,
        error: outcome.error ? toPublicError(outcome.error) : null,
        // Price gives the model's tier away; blind battles reveal cost with the vote.
        metrics: blind ? { ...outcome.metrics, costUsd: null } : outcome.metrics,
      });
    };

    battle.turnDone = Promise.all(SIDES.map(runOne)).then(
      () => {
        if (blind) this.flagSelfIdentification(battle);
        battle.bothEndedAt = this.now();
        battle.emit({ type: 'turn-ended', battleId, turn, votable: !battle.voted });
      },
      (e) => log.error(`turn ${battleId}/${turn} failed`, e),
    );
  }
}

export type { SideIdentity };
