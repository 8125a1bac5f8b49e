import type { SetStore } from '../../db/set-store.ts';
import type { PromptSetItem, SetAnswer, SetRunSummary } from '../../shared/prompt-set.ts';
import type { ProviderError } from '../../shared/provider-error.ts';
import { answerCapsFrom } from '../arena/answer-caps.ts';
import { maxTokensFor } from '../arena/max-tokens-for.ts';
import { runSide, type SideOutcome } from '../arena/run-side.ts';
import type { RunnableEntry } from '../arena/turn-runner.ts';
import type { Logger } from '../logger.ts';
import type { ChatMessage } from '../providers/types.ts';
import { EndpointGate, sleep } from './endpoint-gate.ts';

export interface RunSetDeps {
  sets: SetStore;
  /** The model's runnable entry now, or null when it is unknown or unavailable. */
  entryOf: (modelId: string) => RunnableEntry | null;
  log: Logger;
  battle: { defaultMaxTokens: number; maxAnswerSeconds?: number; maxAnswerBytes?: number };
  /** Tries per answer before a retryable failure is stored as the answer (default 6). */
  maxAttempts?: number;
  /** Wait before retrying a failure that named no time (doubles per try, default 1 s, at most 30 s). */
  backoffMs?: number;
  onProgress?: (p: RunCounts) => void;
}

export interface RunCounts {
  total: number;
  done: number;
  failed: number;
  /** Until when some endpoint's requests wait out a provider's retry-after (Unix ms), or null. */
  waitingUntil: number | null;
}

export type RunSetResult = { ok: true; counts: RunCounts; status: 'done' | 'cancelled' } | { ok: false; error: string };

interface Job {
  idx: number;
  item: PromptSetItem;
  modelId: string;
  entry: RunnableEntry;
  attempts: number;
}

/** Failures worth trying again: the provider was busy, slow or unreachable, not told something wrong. */
const RETRYABLE = new Set<ProviderError['kind']>(['rate_limit', 'overloaded', 'network', 'timeout', 'server']);
/** Failures that say the endpoint as a whole must wait, not just this request. */
const ENDPOINT_WAITS = new Set<ProviderError['kind']>(['rate_limit', 'overloaded']);

/**
 * Runs what is left of a run: every (prompt, model) answer the store does
 * not hold yet, at most `run.concurrency` requests at once per endpoint, each
 * measured as the arena measures a side (run-side.ts) and stored as it ends.
 * A rate limit pauses its endpoint for the retry-after the provider gave (or
 * a backoff) and the request is tried again. An answer is stored once, by the
 * store's (run, prompt, model) key, so running a run again after a crash
 * (or twice at once) does only what is missing; an answer cut by the stop
 * signal is not stored, and is made again on resume. Resolves once nothing is
 * left (the run marked done) or the signal stopped it (left running, to resume).
 */
export async function runSet(deps: RunSetDeps, run: SetRunSummary, signal: AbortSignal): Promise<RunSetResult> {
  const items = await deps.sets.items(run.setId);
  const entries = new Map<string, RunnableEntry>();
  for (const id of run.models) {
    const entry = deps.entryOf(id);
    if (!entry) return { ok: false, error: `Model "${id}" is not available now; the run can resume once it is` };
    entries.set(id, entry);
  }
  const stored = await deps.sets.answerKeys(run.id);
  const have = new Set(stored.map((k) => `${k.idx} ${k.modelId}`));
  const counts: RunCounts = {
    total: items.length * run.models.length,
    done: stored.length,
    failed: stored.filter((k) => k.status !== 'finished').length,
    waitingUntil: null,
  };
  const queues = new Map<string, Job[]>();
  items.forEach((item, idx) => {
    for (const [modelId, entry] of entries) {
      if (have.has(`${idx} ${modelId}`)) continue;
      const key = entry.endpoint.id;
      if (!queues.has(key)) queues.set(key, []);
      queues.get(key)!.push({ idx, item, modelId, entry, attempts: 0 });
    }
  });
  const outstanding = new Map([...queues].map(([k, q]) => [k, q.length]));
  const gates = new Map([...queues.keys()].map((k) => [k, new EndpointGate(run.concurrency)]));
  const report = () => {
    const until = [...gates.values()].map((g) => g.waitingUntil()).filter((t): t is number => t !== null);
    counts.waitingUntil = until.length > 0 ? Math.max(...until) : null;
    deps.onProgress?.({ ...counts });
  };
  report();

  const worker = async (queue: Job[], gate: EndpointGate, key: string): Promise<void> => {
    for (let job = queue.shift(); job && !signal.aborted; job = queue.shift()) {
      let release: () => void;
      try {
        release = await gate.acquire(signal);
      } catch {
        return;
      }
      let outcome: SideOutcome;
      try {
        outcome = await ask(deps, job, signal);
      } finally {
        release();
      }
      if (signal.aborted) return;
      job.attempts++;
      const error = outcome.status === 'error' ? outcome.error : null;
      if (error && RETRYABLE.has(error.kind) && job.attempts < (deps.maxAttempts ?? 6)) {
        const wait = error.retryAfterMs ?? Math.min(30_000, (deps.backoffMs ?? 1000) * 2 ** (job.attempts - 1));
        deps.log.info(`set run ${run.id}: ${job.modelId} on prompt ${job.idx + 1} failed (${error.kind}); trying again in ${wait} ms`);
        if (ENDPOINT_WAITS.has(error.kind)) {
          gate.pause(wait);
          report();
          queue.unshift(job);
        } else {
          // Only this request waits; the worker goes on with others meanwhile.
          void sleep(wait, signal).then(
            () => queue.unshift(job),
            () => {},
          );
        }
        continue;
      }
      const answer: SetAnswer = {
        runId: run.id,
        idx: job.idx,
        modelId: job.modelId,
        text: outcome.text,
        status: outcome.status,
        finishReason: outcome.finishReason,
        error: outcome.error,
        metrics: outcome.metrics,
        attempts: job.attempts,
        endedAt: Date.now(),
      };
      outstanding.set(key, outstanding.get(key)! - 1);
      if ((await deps.sets.saveAnswer(answer)) === 'saved') {
        counts.done++;
        if (answer.status !== 'finished') counts.failed++;
      }
      report();
    }
  };

  // Each endpoint's workers end when its queue is empty; a job waiting out its own backoff is in no queue, so the
  // workers are started again until every job of the endpoint has an answer stored.
  await Promise.all(
    [...queues].map(async ([key, queue]) => {
      const gate = gates.get(key)!;
      while (!signal.aborted && outstanding.get(key)! > 0) {
        if (queue.length === 0) await sleep(50, signal).catch(() => {});
        else await Promise.all(Array.from({ length: run.concurrency }, () => worker(queue, gate, key)));
      }
    }),
  );
  if (signal.aborted) return { ok: true, counts: { ...counts }, status: 'cancelled' };
  await deps.sets.finishRun(run.id, 'done', Date.now());
  report();
  return { ok: true, counts: { ...counts }, status: 'done' };
}

async function ask(deps: RunSetDeps, job: Job, signal: AbortSignal): Promise<SideOutcome> {
  const { spec, adapter } = job.entry;
  const messages: ChatMessage[] = [
    ...(job.item.system ? [{ role: 'system' as const, content: job.item.system }] : []),
    { role: 'user', content: job.item.prompt },
  ];
  const maxTokens = await maxTokensFor(spec, adapter, messages, deps.battle.defaultMaxTokens);
  return runSide({
    adapter,
    request: { model: spec.upstreamModel, messages, sampling: { ...spec.sampling, maxTokens } },
    pricing: spec.pricing,
    caps: answerCapsFrom(deps.battle),
    signal,
    onText: () => {},
    onLive: () => {},
  });
}
