import type { HeadToHeadResponse } from '../../../shared/api.ts';
import { predictionText } from '../../lib/compare-rows.ts';

/** The votes between exactly these two, as numbers and a proportional bar, with what the ratings predict. */
export function PairRecord({ h }: { h: HeadToHeadResponse }) {
  const { aWins, bWins, ties, bothBad } = h.record;
  const total = aWins + bWins + ties + bothBad;
  const parts = [
    { key: 'a-wins', label: `${h.a.row.label} won`, n: aWins, cls: 'rec-a' },
    { key: 'b-wins', label: `${h.b.row.label} won`, n: bWins, cls: 'rec-b' },
    { key: 'ties', label: 'Ties', n: ties, cls: 'rec-tie' },
    { key: 'both-bad', label: 'Both bad', n: bothBad, cls: 'rec-bad' },
  ];
  const prediction = predictionText(h);
  return (
    <section class="card" aria-labelledby="record-title" data-testid="record">
      <h2 id="record-title">Their record</h2>
      <dl class="record">
        {parts.map((p) => (
          <div key={p.key} class={p.cls} data-record={p.key}>
            <dt>{p.label}</dt>
            <dd>{p.n}</dd>
          </div>
        ))}
      </dl>
      {total > 0 ? (
        <div class="record-bar" aria-hidden="true">
          {parts.map((p) => (p.n > 0 ? <span key={p.key} class={p.cls} style={{ flexGrow: p.n }} title={`${p.label}: ${p.n}`} /> : null))}
        </div>
      ) : (
        <p class="empty">No votes between these two yet in this board.</p>
      )}
      <p class="hint">
        {total > 0 ? `${total} vote${total === 1 ? '' : 's'} between them. ` : ''}
        {prediction ?? 'No prediction until both have counted votes.'}
      </p>
    </section>
  );
}
