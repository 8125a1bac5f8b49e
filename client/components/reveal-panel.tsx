import type { SideMetrics } from '../../shared/metrics.ts';
import { SIDES, type SideTotals } from '../../shared/protocol.ts';
import type { VoteResult } from '../lib/arena-state.ts';
import { useEffect, useRef } from 'preact/hooks';
import { formatMs, formatTokens, formatTokensPerSecond, formatUsd } from '../lib/format.ts';
import { VOTE_OPTIONS } from './vote-bar.tsx';

type Row = { label: string; value: (m: SideMetrics) => string; better?: (a: SideMetrics, b: SideMetrics) => -1 | 0 | 1 };

const lowerWins = (x: number | null, y: number | null): -1 | 0 | 1 => (x === null || y === null || x === y ? 0 : x < y ? -1 : 1);

const ROWS: Row[] = [
  { label: 'First token', value: (m) => formatMs(m.ttftMs), better: (a, b) => lowerWins(a.ttftMs, b.ttftMs) },
  {
    label: 'Speed',
    value: (m) => formatTokensPerSecond(m.outputTokensPerSecond),
    better: (a, b) => lowerWins(b.outputTokensPerSecond, a.outputTokensPerSecond),
  },
  { label: 'Total time', value: (m) => formatMs(m.latencyMs), better: (a, b) => lowerWins(a.latencyMs, b.latencyMs) },
  { label: 'Tokens in', value: (m) => formatTokens(m.inputTokens, m.estimated.inputTokens) },
  { label: 'Tokens out', value: (m) => formatTokens(m.outputTokens, m.estimated.outputTokens) },
  { label: 'Cost', value: (m) => formatUsd(m.costUsd), better: (a, b) => lowerWins(a.costUsd, b.costUsd) },
];

const NOT_COUNTED: Record<NonNullable<VoteResult['notCountedBecause']>, string> = {
  side_not_finished: 'A side failed or was stopped, so this vote is kept but left out of the ratings.',
  same_model: 'Both sides ran the same model, so this vote is kept and exported but left out of the ratings.',
};

interface Props {
  vote: VoteResult;
  /** Null where there is nothing to start (a battle seen from the history). */
  onNewBattle: (() => void) | null;
  /** Scroll into view and take focus: the reveal answers the vote just cast. */
  focusOnMount?: boolean;
}

/** After the vote: who was who, with this battle's speed and cost side by side. */
export function RevealPanel({ vote, onNewBattle, focusOnMount = false }: Props) {
  const choiceLabel = VOTE_OPTIONS.find((o) => o.choice === vote.choice)?.label ?? vote.choice;
  const { a, b } = vote.reveal;
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!focusOnMount) return;
    titleRef.current?.closest('section')?.scrollIntoView({ block: 'start' });
    titleRef.current?.focus({ preventScroll: true });
  }, []);
  return (
    <section class="reveal" aria-labelledby="reveal-title" data-testid="reveal">
      <h2 id="reveal-title" class="reveal-title" tabIndex={-1} ref={titleRef}>
        You voted: {choiceLabel}
      </h2>
      {vote.turn ? <p class="hint">Figures of turn {vote.turn + 1}, the latest; the battle totals follow.</p> : null}
      <table class="reveal-table">
        <thead>
          <tr>
            <th scope="col">
              <span class="visually-hidden">Measure</span>
            </th>
            {SIDES.map((s) => {
              const r = vote.reveal[s];
              const won = vote.choice === s;
              return (
                <th scope="col" key={s} class={won ? 'winner' : undefined} data-reveal-side={s}>
                  <span class="reveal-name">
                    <span class="side-badge">{s.toUpperCase()}</span> <span class="model-name">{r.label}</span>
                    {won ? <span class="won">preferred</span> : null}
                  </span>
                  <span class="org">{r.organisation}</span>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => {
            const cmp = a.metrics && b.metrics && row.better ? row.better(a.metrics, b.metrics) : 0;
            return (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                <td class={cmp === -1 ? 'best' : undefined}>{a.metrics ? row.value(a.metrics) : '—'}</td>
                <td class={cmp === 1 ? 'best' : undefined}>{b.metrics ? row.value(b.metrics) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {endings(vote)}
      {totalsTable(vote)}
      {!vote.countsForRatings ? (
        <p class="hint" data-testid="not-counted">
          {NOT_COUNTED[vote.notCountedBecause ?? 'side_not_finished']}
        </p>
      ) : null}
      {onNewBattle ? (
        <div class="reveal-actions">
          <button type="button" class="btn btn-primary" onClick={onNewBattle} aria-keyshortcuts="N">
            New battle <kbd aria-hidden="true">n</kbd>
          </button>
        </div>
      ) : null}
    </section>
  );
}

/** What a blind battle kept back until now: each side's own finish reason or error text. */
function endings(vote: VoteResult) {
  const line = (s: 'a' | 'b') => {
    const r = vote.reveal[s];
    if (r.error) return `${s.toUpperCase()}: ${r.error.message}`;
    return r.finishReason?.raw ? `${s.toUpperCase()}: ended with "${r.finishReason.raw}"` : null;
  };
  const lines = SIDES.map(line).filter((l): l is string => l !== null);
  return lines.length > 0 ? <p class="hint reveal-endings">{lines.join(' · ')}</p> : null;
}

const TOTAL_ROWS: { label: string; value: (t: SideTotals) => string }[] = [
  { label: 'Tokens in', value: (t) => formatTokens(t.inputTokens, t.estimated) },
  { label: 'Tokens out', value: (t) => formatTokens(t.outputTokens, t.estimated) },
  { label: 'Cost', value: (t) => formatUsd(t.costUsd) },
  { label: 'Time', value: (t) => formatMs(t.latencyMs) },
];

/** The battle's sums over all its turns, shown once there is more than one turn to sum. */
function totalsTable(vote: VoteResult) {
  const { a, b } = vote.reveal;
  if (!a.totals || !b.totals || Math.max(a.totals.answers, b.totals.answers) < 2) return null;
  const totals = { a: a.totals, b: b.totals };
  return (
    <table class="reveal-table" data-testid="reveal-totals">
      <caption>Battle totals over {a.totals.answers} turns</caption>
      <tbody>
        {TOTAL_ROWS.map((row) => (
          <tr key={row.label}>
            <th scope="row">{row.label}</th>
            {SIDES.map((s) => (
              <td key={s}>{row.value(totals[s])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
