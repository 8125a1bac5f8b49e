import { SPEED_RULE, type ServerReportedTimings, type SpeedNote } from '../../shared/metrics.ts';
import type { PublicProviderError } from '../../shared/provider-error.ts';
import { CAP_FINISH_RAW, type FinishReason, type FinishReasonUnified } from '../../shared/usage.ts';

/** Figures as a person reads them; "—" for unknown (never 0 for unknown). */

export const DASH = '—';

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return `${m} min ${s} s`;
}

export function formatTokensPerSecond(tps: number | null | undefined): string {
  if (tps === null || tps === undefined || !Number.isFinite(tps)) return DASH;
  return `${tps >= 100 ? Math.round(tps) : tps.toFixed(1)} tok/s`;
}

/** A token count; estimated counts get "≈". */
export function formatTokens(n: number | null | undefined, estimated = false): string {
  if (n === null || n === undefined) return DASH;
  return `${estimated ? '≈' : ''}${n.toLocaleString('en-US')}`;
}

export function formatUsd(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return DASH;
  if (usd === 0) return '$0';
  if (usd < 0.000001) return '<$0.000001';
  // Short answers on cheap models cost fractions of a cent: two significant digits.
  if (usd < 0.01) return `$${Number(usd.toPrecision(2)).toFixed(Math.min(6, 1 - Math.floor(Math.log10(usd))))}`;
  if (usd < 1) return `$${usd.toFixed(3)}`;
  return `$${usd.toFixed(2)}`;
}

/** Price per million tokens. */
export function formatPricePerMTok(p: number | null | undefined): string {
  if (p === null || p === undefined) return 'not public';
  return `$${p < 1 ? p.toFixed(3).replace(/0$/, '') : p.toFixed(2)}`;
}

export function formatPercent(x: number | null | undefined): string {
  if (x === null || x === undefined) return DASH;
  return `${(x * 100).toFixed(1)}%`;
}

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined) return DASH;
  return n.toLocaleString('en-US');
}

/** "retry in 12 s" style wait. */
export function formatWait(ms: number): string {
  if (ms < 1000) return 'less than a second';
  const s = Math.ceil(ms / 1000);
  if (s < 120) return `${s} s`;
  return `${Math.ceil(s / 60)} min`;
}

const ERROR_TITLES: Record<PublicProviderError['kind'], string> = {
  auth: 'Authentication failed',
  rate_limit: 'Rate limited',
  overloaded: 'Provider overloaded',
  timeout: 'Timed out',
  network: 'Network error',
  bad_request: 'Request rejected',
  server: 'Provider error',
  cancelled: 'Stopped',
};

const ERROR_HINTS: Partial<Record<PublicProviderError['kind'], string>> = {
  auth: 'Check the API key for this provider.',
  timeout: 'The provider did not answer in time.',
  network: 'The provider could not be reached.',
};

export interface ErrorView {
  title: string;
  detail: string;
  hint: string | null;
  retry: string | null;
}

export function describeError(e: PublicProviderError): ErrorView {
  const status = e.status !== undefined ? ` (HTTP ${e.status})` : '';
  return {
    title: ERROR_TITLES[e.kind] + status,
    detail: e.message,
    hint: ERROR_HINTS[e.kind] ?? null,
    retry: e.retryAfterMs !== undefined ? `Retry in ${formatWait(e.retryAfterMs)}.` : null,
  };
}

const FINISH_WORDS: Partial<Record<FinishReasonUnified, string>> = {
  length: 'cut off at the token limit',
  content_filter: 'stopped by a content filter',
  tool_calls: 'asked for a tool call',
};

export function formatFinishReason(reason: FinishReason | null | undefined): string | null {
  if (!reason) return null;
  if (reason.raw === CAP_FINISH_RAW.wallTime) return 'cut off at the time limit for one answer';
  if (reason.raw === CAP_FINISH_RAW.textSize) return 'cut off at the size limit for one answer';
  return FINISH_WORDS[reason.unified] ?? null;
}

const SPEED_NOTES: Record<SpeedNote, { short: string; long: string }> = {
  too_few_tokens: { short: 'too few tokens', long: `Too few output tokens to time: a speed needs at least ${SPEED_RULE.minTokens}.` },
  window_too_short: {
    short: 'too quick to time',
    long: `The answer arrived in under ${SPEED_RULE.minWindowMs} ms from first to last token: that times the network, not the model.`,
  },
  no_output: { short: DASH, long: 'No output to time.' },
};

/** Why an answer shows no observed speed: a few words for the figure, a sentence for its tooltip. */
export function describeSpeedNote(note: SpeedNote | null | undefined): { short: string; long: string } | null {
  return note ? SPEED_NOTES[note] : null;
}

/** The tooltip of a server-reported speed: what the server said it did. */
export function describeServerTimings(t: ServerReportedTimings): string {
  const parts = [`The inference server's own timing: ${formatCount(t.outputTokens)} tokens generated in ${formatMs(t.decodeMs)}`];
  if (t.promptTokensPerSecond !== null) {
    parts.push(`prompt: ${formatCount(t.promptTokens)} tokens at ${formatTokensPerSecond(t.promptTokensPerSecond)}`);
  }
  return `${parts.join('; ')}.`;
}
