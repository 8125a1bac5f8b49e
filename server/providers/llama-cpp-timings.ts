import { z } from 'zod';
import type { ServerReportedTimings } from '../../shared/metrics.ts';

const figure = z.number().finite().nonnegative().optional().catch(undefined);
const count = z.number().int().nonnegative().optional().catch(undefined);

/**
 * llama.cpp's server `timings` object (server-task.cpp `result_timings::to_json`),
 * which it adds to the last chunk of a chat-completions stream (and to every
 * chunk with `timings_per_token`). Each field is read on its own: one null or
 * non-finite value (nlohmann writes inf as null) loses that field, not the rest.
 */
const LlamaCppTimings = z.object({
  prompt_n: count,
  prompt_ms: figure,
  prompt_per_second: figure,
  predicted_n: count,
  predicted_ms: figure,
  predicted_per_second: figure,
});

/** The server's timings in Versus's terms, or undefined when `raw` holds none. */
export function llamaCppTimings(raw: unknown): ServerReportedTimings | undefined {
  const parsed = LlamaCppTimings.safeParse(raw);
  if (!parsed.success) return undefined;
  const t = parsed.data;
  const timings: ServerReportedTimings = {
    outputTokens: t.predicted_n ?? null,
    decodeMs: t.predicted_ms ?? null,
    outputTokensPerSecond: t.predicted_per_second ?? rate(t.predicted_n, t.predicted_ms),
    promptTokens: t.prompt_n ?? null,
    promptMs: t.prompt_ms ?? null,
    promptTokensPerSecond: t.prompt_per_second ?? rate(t.prompt_n, t.prompt_ms),
  };
  return Object.values(timings).some((v) => v !== null) ? timings : undefined;
}

function rate(n: number | undefined, ms: number | undefined): number | null {
  return n === undefined || ms === undefined || ms <= 0 ? null : n / (ms / 1000);
}
