import type { SuspiciousGroup, SuspiciousResponse, VoidScope } from '../../../shared/admin.ts';
import { DASH, formatCount, formatMs, formatPercent } from '../../lib/format.ts';
import type { VoidPreset } from './void-form.tsx';

const short = (key: string) => (key.length > 14 ? `${key.slice(0, 12)}…` : key);
const when = (ms: number) => new Date(ms).toLocaleString();

function scopeOf(g: SuspiciousGroup): VoidScope {
  if (g.kind === 'session') return { kind: 'session', sessionHash: g.key };
  if (g.kind === 'user') return { kind: 'user', userId: g.key };
  return { kind: 'address-hash', addressHash: g.key };
}

/** Sessions, users and addresses whose voting stands out, and battles whose answers named their model. */
export function SuspiciousPanel({ data, onVoid }: { data: SuspiciousResponse; onVoid: (p: VoidPreset) => void }) {
  const { rule, compared, groups, flaggedBattles } = data;
  return (
    <section class="card" aria-labelledby="suspicious-title">
      <h2 id="suspicious-title">Suspicious activity</h2>
      <p class="hint">
        Groups with at least {rule.minVotes} votes, scored against the others of their kind ({compared.session} sessions, {compared.user}{' '}
        users, {compared.address} addresses) by robust z-score on vote rate, one-sidedness and decision speed; flagged at {rule.threshold}{' '}
        or more. Voided votes are left out.
      </p>
      {groups.length === 0 ? (
        <p class="empty">No session, user or address has {rule.minVotes} votes yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="leaderboard admin-table" data-testid="suspicious-table">
            <thead>
              <tr>
                <th>Kind</th>
                <th>Who</th>
                <th class="num">Votes</th>
                <th class="num">Peak / 10 min</th>
                <th class="num">One side</th>
                <th>Most lopsided model</th>
                <th class="num">Median decision</th>
                <th class="num">Score</th>
                <th>Why</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={`${g.kind}:${g.key}`} class={g.flagged ? 'flagged-row' : undefined} data-kind={g.kind} data-key={g.key}>
                  <td>{g.kind}</td>
                  <td title={g.key}>
                    <code>{short(g.key)}</code>
                    {g.label ? ` ${g.label}` : ''}
                  </td>
                  <td class="num">{formatCount(g.votes)}</td>
                  <td class="num">{g.peakPer10Min}</td>
                  <td class="num">{g.sideShare === null ? DASH : formatPercent(g.sideShare)}</td>
                  <td>{g.topModel ? `${g.topModel.model}: won ${formatPercent(g.topModel.winShare)} of ${g.topModel.battles}` : DASH}</td>
                  <td class="num">{formatMs(g.medianDecisionMs)}</td>
                  <td class="num">{g.score.toFixed(1)}</td>
                  <td>{g.reasons.join('; ') || DASH}</td>
                  <td>
                    <button
                      type="button"
                      class="btn btn-small"
                      onClick={() => onVoid({ scope: scopeOf(g), reason: g.reasons.join('; ') || `suspicious ${g.kind}` })}
                    >
                      Void…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Battles flagged for self-identification</h3>
      {flaggedBattles.length === 0 ? (
        <p class="empty">None: no blind answer named its own model or maker.</p>
      ) : (
        <div class="table-wrap">
          <table class="leaderboard admin-table">
            <thead>
              <tr>
                <th>When</th>
                <th>Battle</th>
                <th>Models</th>
                <th>Flag</th>
                <th>Vote</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {flaggedBattles.map((b) => (
                <tr key={b.battleId}>
                  <td>{when(b.createdAt)}</td>
                  <td>
                    <code>{short(b.battleId)}</code> {b.mode}
                  </td>
                  <td>
                    {b.modelA} vs {b.modelB}
                  </td>
                  <td>{b.flagged}</td>
                  <td>{b.choice === null ? 'none' : b.voided ? `${b.choice} (voided)` : b.choice}</td>
                  <td>
                    {b.choice !== null && !b.voided ? (
                      <button
                        type="button"
                        class="btn btn-small"
                        onClick={() =>
                          onVoid({ scope: { kind: 'battle', battleIds: [b.battleId] }, reason: `self-identification: ${b.flagged}` })
                        }
                      >
                        Void…
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
