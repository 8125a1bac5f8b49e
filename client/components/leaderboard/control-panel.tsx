import type { LeaderboardRow } from '../../../shared/api.ts';
import type { LeaderboardControl } from '../../../shared/category-api.ts';
import { formatCount } from '../../lib/format.ts';

const COEFFICIENT_NAMES: Record<string, string> = {
  length: 'answer length',
  headers: 'headers',
  listItems: 'list items',
  bold: 'bold spans',
  ttft: 'time to first token (shorter)',
  outputSpeed: 'output speed (faster)',
};

const signed = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(Math.round(v))}`;
const rounded = (v: number | null) => (v === null ? '—' : String(Math.round(v)));

/**
 * The controlled fit beside the plain one: each covariate's coefficient (rating
 * points per RMS of the difference between the two answers) with its interval,
 * and each model's controlled rating and interval next to its plain rating.
 */
export function ControlPanel({ control, rows }: { control: LeaderboardControl; rows: readonly LeaderboardRow[] }) {
  const plain = new Map(rows.map((r) => [r.modelId, r]));
  const models = [...control.models].filter((m) => m.rating !== null).sort((a, b) => b.rating! - a.rating!);
  const what = control.kind === 'style' ? 'style (length and markdown)' : 'speed (time to first token and output speed)';
  return (
    <section class="lb-control-panel" data-testid="lb-control-panel" aria-label={`Controlled for ${control.kind}`}>
      <h2>Controlled for {what}</h2>
      <p class="hint">
        The same votes fitted with the {control.kind} differences as covariates: a controlled rating is what the votes say with both answers
        alike in {control.kind}. {formatCount(control.battles)} battles fitted
        {control.dropped > 0
          ? `, ${formatCount(control.dropped)} left out (${control.kind === 'speed' ? 'a speed figure missing' : 'style not computed yet'})`
          : ''}
        ; 95% intervals from {formatCount(control.rounds)} bootstrap rounds.
      </p>
      <table class="lb-coefficients" data-testid="lb-coefficients">
        <caption>Coefficients</caption>
        <thead>
          <tr>
            <th scope="col">Covariate</th>
            <th scope="col">Points per RMS difference</th>
            <th scope="col">95% interval</th>
          </tr>
        </thead>
        <tbody>
          {control.coefficients.map((c) => (
            <tr key={c.name}>
              <th scope="row">{COEFFICIENT_NAMES[c.name] ?? c.name}</th>
              <td>{signed(c.value)}</td>
              <td>{c.ciLower !== null && c.ciUpper !== null ? `${signed(c.ciLower)} to ${signed(c.ciUpper)}` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table class="lb-controlled" data-testid="lb-controlled">
        <caption>Ratings, plain and controlled</caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Plain</th>
            <th scope="col">Controlled</th>
            <th scope="col">95% interval</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => {
            const p = plain.get(m.model);
            return (
              <tr key={m.model}>
                <th scope="row">{p?.label ?? m.model}</th>
                <td>{rounded(p?.rating ?? null)}</td>
                <td>{rounded(m.rating)}</td>
                <td>{m.ciLower !== null && m.ciUpper !== null ? `${rounded(m.ciLower)} – ${rounded(m.ciUpper)}` : 'provisional'}</td>
                <td>{p?.rating != null ? signed(m.rating! - p.rating) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
