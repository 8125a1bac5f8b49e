import { SPEED_RULE, type SideMetrics } from '../../shared/metrics.ts';
import type { SideState } from '../lib/arena-state.ts';
import { DASH, describeServerTimings, describeSpeedNote, formatMs, formatTokens, formatTokensPerSecond, formatUsd } from '../lib/format.ts';

interface Props {
  side: SideState;
  /** Blind battles withhold cost and the provider's own token counts until the vote (they give the model away). */
  costHidden: boolean;
  /** The figures the vote revealed; they replace the blind ones once known. */
  revealed?: SideMetrics | null | undefined;
}

/** The live numbers under a pane: first-token time, speed, tokens in/out, cost, total time. */
export function SideMetricsBar({ side, costHidden, revealed }: Props) {
  const phase = side.phase.value;
  const live = side.live.value;
  const m = revealed ?? side.metrics.value;
  const ended = m !== null;
  const withheld = costHidden && !revealed;

  const ttft = ended ? m.ttftMs : (live?.ttftMs ?? null);
  const tps = ended ? m.outputTokensPerSecond : (live?.tokensPerSecondEstimate ?? null);
  const tokensIn = withheld ? 'after vote' : ended ? formatTokens(m.inputTokens, m.estimated.inputTokens) : DASH;
  const tokensOut = ended
    ? formatTokens(m.outputTokens, m.estimated.outputTokens)
    : live
      ? formatTokens(live.outputTokensEstimate, true)
      : DASH;
  const cost = withheld ? 'after vote' : ended ? formatUsd(m.costUsd) : DASH;
  const total = ended ? formatMs(m.latencyMs) : live ? formatMs(live.elapsedMs) : DASH;
  const speedNote = ended && tps === null ? describeSpeedNote(m.speedNote) : null;
  const speedTitle = !ended
    ? `Running estimate (streamed chunks per second), shown once ${SPEED_RULE.minTokens} chunks span ${SPEED_RULE.minWindowMs} ms`
    : (speedNote?.long ?? 'Output tokens per second after the first token, as Versus observed them arrive');
  const server = ended ? (m.serverReported ?? null) : null;

  return (
    <dl class={`metrics${phase === 'waiting' ? ' metrics-waiting' : ''}`} data-testid="metrics">
      <div>
        <dt>First token</dt>
        <dd data-metric="ttft">{phase === 'waiting' ? 'waiting…' : formatMs(ttft)}</dd>
      </div>
      <div>
        <dt>Speed{server ? ' · observed by Versus' : ''}</dt>
        <dd data-metric="tps" title={speedTitle}>
          {!ended && tps !== null ? '≈' : ''}
          {speedNote ? speedNote.short : formatTokensPerSecond(tps)}
        </dd>
      </div>
      {server ? (
        <div>
          <dt>Speed · server-reported</dt>
          <dd data-metric="server-tps" title={describeServerTimings(server)}>
            {formatTokensPerSecond(server.outputTokensPerSecond)}
          </dd>
        </div>
      ) : null}
      <div>
        <dt>Tokens in / out</dt>
        <dd data-metric="tokens" title="≈ marks a local estimate where the provider reported no usage">
          {tokensIn} / {tokensOut}
        </dd>
      </div>
      <div>
        <dt>Cost</dt>
        <dd data-metric="cost">{cost}</dd>
      </div>
      <div>
        <dt>Total</dt>
        <dd data-metric="total">{total}</dd>
      </div>
    </dl>
  );
}
