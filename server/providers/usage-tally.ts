import type { Usage } from '../../shared/usage.ts';

/**
 * Token counts as one chunk reports them, still raw: compatible servers send
 * nulls, floats and strings where the SDK types promise numbers, so anything
 * that is not a non-negative integer is unknown, never zero.
 */
export interface UsageReport {
  /** Every input token the model read, cached or not (OpenAI's `prompt_tokens`). */
  input?: unknown;
  /**
   * Input tokens neither read from nor written to the cache (Anthropic's
   * `input_tokens`). Used when `input` is not reported: the arena's input count
   * is everything the model read, so the cache reads and writes are added to it.
   */
  uncachedInput?: unknown;
  cacheRead?: unknown;
  cacheWrite?: unknown;
  output?: unknown;
}

type UsageCounts = { [K in keyof UsageReport]?: number };
const USAGE_FIELDS = ['input', 'uncachedInput', 'cacheRead', 'cacheWrite', 'output'] as const satisfies readonly (keyof UsageReport)[];

/**
 * The usage of one stream so far. A later report's known values supersede the
 * earlier ones field by field: providers send running or cumulative counts
 * (vLLM on every chunk, Anthropic's message_delta over message_start), and a
 * field a later report leaves out is still what the earlier one said.
 */
export class UsageTally {
  private readonly counts: UsageCounts = {};

  add(report: UsageReport): void {
    for (const key of USAGE_FIELDS) {
      const n = count(report[key]);
      if (n !== undefined) this.counts[key] = n;
    }
  }

  toUsage(): Usage {
    const { input, uncachedInput, cacheRead, cacheWrite, output } = this.counts;
    const usage: Usage = {};
    const allInput = input ?? (uncachedInput === undefined ? undefined : uncachedInput + (cacheRead ?? 0) + (cacheWrite ?? 0));
    if (allInput !== undefined) usage.inputTokens = allInput;
    if (output !== undefined) usage.outputTokens = output;
    if (cacheRead !== undefined) usage.cachedInputTokens = cacheRead;
    return usage;
  }
}

function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}
