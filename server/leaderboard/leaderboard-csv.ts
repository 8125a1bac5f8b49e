import type { LeaderboardRow } from '../../shared/api.ts';
import type { LeaderboardControl } from '../../shared/category-api.ts';

/**
 * A cell a spreadsheet reads as text, never as a formula: text starting with
 * = + - @ or a tab / carriage return gets a leading apostrophe (OWASP's CSV
 * injection advice; model ids and labels come from config and discovery, and
 * tags from users' prompts). Numbers stay numbers. Quoted when it holds a
 * comma, quote or line break (RFC 4180).
 */
export function csvCell(v: string | number | boolean | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const round = (v: number | null, digits = 1) => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);

/** The leaderboard as CSV: one row per model, in the board's order, with the controlled fit's columns when one is given. */
export function leaderboardCsv(rows: readonly LeaderboardRow[], control: LeaderboardControl | null): string {
  const controlled = new Map(control?.models.map((m) => [m.model, m]) ?? []);
  const header = [
    'rank_ub',
    'model_id',
    'label',
    'organisation',
    'rating',
    'ci_lower',
    'ci_upper',
    'provisional',
    'votes',
    'wins',
    'losses',
    'ties',
    'ttft_ms_median',
    'output_tokens_per_s_median',
    'cost_usd_median',
    ...(control ? [`${control.kind}_controlled_rating`, `${control.kind}_controlled_ci_lower`, `${control.kind}_controlled_ci_upper`] : []),
  ];
  const lines = rows.map((r) => {
    const c = controlled.get(r.modelId);
    return [
      r.rankUB,
      r.modelId,
      r.label,
      r.organisation,
      round(r.rating),
      round(r.ciLower),
      round(r.ciUpper),
      r.provisional,
      r.votes,
      r.wins,
      r.losses,
      r.ties,
      round(r.ttftMs.median),
      round(r.outputTokensPerSecond.median),
      r.costUsd.median,
      ...(control ? [round(c?.rating ?? null), round(c?.ciLower ?? null), round(c?.ciUpper ?? null)] : []),
    ]
      .map(csvCell)
      .join(',');
  });
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}
