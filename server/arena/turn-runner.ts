import { toPublicError } from '../../shared/provider-error.ts';
import { SIDES, type Side, type SideSettings } from '../../shared/protocol.ts';
import type { BattleStore } from '../../db/battle-store.ts';
import type { CatalogEntry } from '../catalog/model-catalog.ts';
import type { Logger } from '../logger.ts';
import type { ChatMessage, ProviderAdapter } from '../providers/types.ts';
import { endSide, flag, runningSides, type Battle } from './battle.ts';
import type { LiveBattle } from './live-battles.ts';
import { answerCapsFrom } from './answer-caps.ts';
import { maxTokensFor } from './max-tokens-for.ts';
import { isRefusal } from './refusal.ts';
import { blindView, type BlindEnd } from './blind-view.ts';
import { runSide, type SideOutcome } from './run-side.ts';
import { identityTerms, selfIdentification } from './self-identification.ts';
import { storageMessage } from './storage-error.ts';
import { estimateTokens } from './token-estimator.ts';

/** A catalog entry that can be run now. */
export type RunnableEntry = CatalogEntry & { adapter: ProviderAdapter };

export interface TurnRunnerDeps {
  store: BattleStore;
  log: Logger;
  battle: { defaultMaxTokens: number; systemPrompt?: string; maxAnswerSeconds?: number; maxAnswerBytes?: number };
  now: () => number;
  /** A side failed with a network error: its endpoint may be down, so health is checked again soon. */
  onNetworkError?: () => void;
}

export interface RunTurnOptions {
  requestId?: string | undefined;
  /** The side being run again (retry): announced as such, and its new answer replaces the stored one. */
  retried?: Side;
}

/**
 * Runs the latest turn of `live` (its state must be `streaming`): streams
 * every side still to answer at once (both, or the retried one), measures
 * them (run-side), stores each answer as it ends, and emits every frame.
 * Resolves `live.turnDone` once the answers are stored and the turn is
 * announced; never rejects.
 */
export function runTurn(deps: TurnRunnerDeps, live: LiveBattle, entries: Record<Side, RunnableEntry>, opts: RunTurnOptions = {}): void {
  const { id: battleId, turn } = live.state;
  const requestId = opts.requestId ? { requestId: opts.requestId } : {};
  if (opts.retried) live.emit({ type: 'side-retried', ...requestId, battleId, turn, side: opts.retried });
  else live.emit({ type: 'turn-started', ...requestId, battleId, turn, prompt: lastPrompt(live.state) });
  const sides = runningSides(live.state).map((side) => runOneSide(deps, live, side, entries[side], opts.retried === side));
  live.turnDone = Promise.all(sides).then(
    async () => {
      await flagSelfIdentification(deps, live, entries);
      live.emit({ type: 'turn-ended', battleId, turn, votable: live.state.phase === 'ended' });
    },
    (e: unknown) => deps.log.error(`turn ${battleId}/${turn} failed`, e),
  );
}

function lastPrompt(b: Battle): string {
  return b.history.a.at(-1)?.content ?? '';
}

/** The battle's own system prompt for this side wins over the arena's. */
function messagesFor(deps: TurnRunnerDeps, settings: SideSettings, history: readonly ChatMessage[]): ChatMessage[] {
  const system = settings.systemPrompt ?? deps.battle.systemPrompt;
  return [...(system ? [{ role: 'system' as const, content: system }] : []), ...history];
}

async function runOneSide(deps: TurnRunnerDeps, live: LiveBattle, side: Side, entry: RunnableEntry, retried: boolean): Promise<void> {
  const { id: battleId, turn, mode } = live.state;
  const settings = live.state.settings[side];
  const controller = new AbortController();
  live.running.set(side, controller);
  const messages = messagesFor(deps, settings, live.state.history[side]);
  const sampling = {
    ...entry.spec.sampling,
    ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
    maxTokens: await maxTokensFor(entry.spec, entry.adapter, messages, deps.battle.defaultMaxTokens, settings.maxTokens),
  };
  const outcome = await runSide({
    adapter: entry.adapter,
    request: { model: entry.spec.upstreamModel, messages, sampling },
    pricing: entry.spec.pricing,
    caps: answerCapsFrom(deps.battle),
    signal: controller.signal,
    now: deps.now,
    onText: (text) => live.emit({ type: 'delta', battleId, turn, side, text }),
    onLive: (l) => live.emit({ type: 'live', battleId, turn, side, ...l }),
  });
  live.running.delete(side);
  logFailure(deps, entry, `${battleId}/${turn}/${side}`, outcome);
  if (outcome.error?.kind === 'network') deps.onNetworkError?.();
  const saved = await save(deps, live, side, entry, outcome, retried);
  const next = endSide(live.state, side, outcome, saved, deps.now());
  if (isRefusal(next)) deps.log.error(next.message);
  else live.state = next;
  const shown = mode === 'blind' ? blindView(outcome, await oneTokenizerCount(outcome.text)) : namedView(outcome);
  live.emit({ type: 'side-ended', battleId, turn, side, status: outcome.status, ...shown });
}

function namedView(outcome: SideOutcome): BlindEnd {
  return { finishReason: outcome.finishReason, error: outcome.error ? toPublicError(outcome.error) : null, metrics: outcome.metrics };
}

/** The same tokenizer for every side of a blind battle, so the count tells nothing about the provider. */
async function oneTokenizerCount(text: string): Promise<number | null> {
  return estimateTokens(text).catch(() => null);
}

/** The operator's view of provider failures (keys are redacted by the logger as well as at the adapter edge). */
function logFailure(deps: TurnRunnerDeps, entry: RunnableEntry, where: string, outcome: SideOutcome): void {
  if (outcome.status !== 'error' || !outcome.error) return;
  deps.log.info(`${entry.spec.id} failed in ${where} (${outcome.error.kind}): ${outcome.error.message}`);
  if (outcome.error.raw) deps.log.debug(`provider detail for ${where}`, outcome.error.raw);
}

/** Stores the answer; a failure is reported on the socket and makes the battle unvotable, never a crash. */
async function save(
  deps: TurnRunnerDeps,
  live: LiveBattle,
  side: Side,
  entry: RunnableEntry,
  outcome: SideOutcome,
  retried: boolean,
): Promise<boolean> {
  const { id: battleId, turn } = live.state;
  const record = { battleId, turn, side, modelId: entry.spec.id, ...outcome, endedAt: Date.now() };
  try {
    if (retried) await deps.store.replaceResponse(record, record.endedAt);
    else await deps.store.saveResponse(record);
    return true;
  } catch (e) {
    deps.log.error(`could not store answer ${battleId}/${turn}/${side}`, e);
    live.emit({ type: 'error', battleId, code: 'storage', message: storageMessage(e) });
    return false;
  }
}

/** A blind answer that names its own model or maker is no longer blind: keep it, but flag it. */
async function flagSelfIdentification(deps: TurnRunnerDeps, live: LiveBattle, entries: Record<Side, RunnableEntry>): Promise<void> {
  const b = live.state;
  if (b.mode !== 'blind' || b.flagged) return;
  for (const side of SIDES) {
    const text = b.outcomes[side]?.text;
    const term = text ? selfIdentification(text, identityTerms(entries[side].spec)) : null;
    if (!term) continue;
    const reason = `side ${side.toUpperCase()} named itself ("${term}")`;
    live.state = flag(b, reason);
    try {
      await deps.store.flagBattle(b.id, reason);
    } catch (e) {
      deps.log.error(`could not flag battle ${b.id}`, e);
    }
    return;
  }
}
