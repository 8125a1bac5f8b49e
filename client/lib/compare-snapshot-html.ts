import type { HeadToHeadResponse } from '../../shared/api.ts';
import { formatMix, MIX_1_TO_1, MIX_3_TO_1, type TokenMix } from '../../shared/cost-mix.ts';
import { mixOf } from '../../shared/observed-mix.ts';
import {
  capabilityRows,
  costRows,
  hostedRatioText,
  priceRows,
  PRESET_VOLUMES,
  qualityRows,
  selfHostedText,
  speedRows,
} from './compare-published-rows.ts';
import { measuredRows, predictionText, priceRatioText, specRows, type CompareRow } from './compare-rows.ts';
import { SourceNotes } from './source-notes.ts';

/**
 * "A vs B" as one self-contained HTML file: the figures and their date
 * embedded, no script, and a CSP that forbids fetching anything, so a team can
 * attach it to a decision. Every text (model names, catalog sources, the
 * verdict) is escaped: catalog text is untrusted here too.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.25rem;break-inside:avoid}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
small{display:block;color:#555}.best{font-weight:600}h2{margin-top:1.75rem;font-size:1.15rem}section{break-inside:avoid}.meta{color:#555}`;

function table(caption: string, aLabel: string, bLabel: string, rows: readonly CompareRow[]): string {
  const td = (r: CompareRow, s: 'a' | 'b') =>
    `<td${r.better === s ? ' class="best"' : ''}>${escapeHtml(r[s].text)}${r.better === s ? ' (better)' : ''}${r[s].sub ? `<small>${escapeHtml(r[s].sub)}</small>` : ''}</td>`;
  const body = rows.map((r) => `<tr><th scope="row">${escapeHtml(r.label)}</th>${td(r, 'a')}${td(r, 'b')}</tr>`).join('');
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr><th></th><th>A: ${escapeHtml(aLabel)}</th><th>B: ${escapeHtml(bLabel)}</th></tr></thead><tbody>${body}</tbody></table>`;
}

const list = (items: readonly string[]) =>
  items.length === 0 ? '<p>No reason in the data.</p>' : `<ul>${items.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul>`;
const iso = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');

export interface SnapshotOptions {
  generatedAt: number;
  /** The page's stable address, printed so a reader can open the live comparison. */
  pageUrl: string;
}

export function compareSnapshotHtml(h: HeadToHeadResponse, { generatedAt, pageUrl }: SnapshotOptions): string {
  const [a, b] = [h.a.row.label, h.b.row.label];
  const notes = new SourceNotes();
  const t = (caption: string, rows: readonly CompareRow[]) => table(caption, a, b, rows);
  const mixes: [string, TokenMix][] = [
    ['3:1 input to output', MIX_3_TO_1],
    ['1:1 input to output', MIX_1_TO_1],
  ];
  if (h.observedMix) {
    const m = mixOf(h.observedMix);
    mixes.push([`this arena's observed mix for these two, ${formatMix(m)} over ${h.observedMix.answers} answers`, m]);
  }
  const { aWins, bWins, ties, bothBad } = h.record;
  const selfHosted = [h.a, h.b].map((s) => [s.row.label, selfHostedText(s)] as const).filter(([, x]) => x !== null);
  const sections = [
    `<section><h2>Verdict</h2><p>${escapeHtml(h.verdict)}</p></section>`,
    `<section><h2>Choose ${escapeHtml(a)} if…</h2>${list(h.choose.a.map((c) => c.text))}<h2>Choose ${escapeHtml(b)} if…</h2>${list(h.choose.b.map((c) => c.text))}</section>`,
    `<section><h2>Their record in this arena</h2><p>${escapeHtml(`${a} won ${aWins}, ${b} won ${bWins}, ${ties} ties, ${bothBad} both bad.`)} ${escapeHtml(predictionText(h) ?? '')}</p></section>`,
    `<section><h2>Quality: this arena's rating and published benchmarks</h2>${t('Rating measured here; benchmark scores as published', qualityRows(h, notes))}</section>`,
    `<section><h2>Price</h2><p>${escapeHtml(hostedRatioText(h))}</p><p>${escapeHtml(priceRatioText(h))}</p>${selfHosted
      .map(([label, text]) => `<p>${escapeHtml(`${label}: ${text!}`)}</p>`)
      .join('')}${t('Prices', priceRows(h, notes))}</section>`,
    `<section><h2>Monthly cost at hosted-API prices</h2>${mixes.map(([label, mix]) => t(`Monthly cost at ${label}`, costRows(h, mix, PRESET_VOLUMES))).join('')}</section>`,
    `<section><h2>Speed: published and measured here</h2>${t('Speed', speedRows(h, notes))}${t('Measured in this arena', measuredRows(h))}</section>`,
    `<section><h2>Capabilities and availability</h2>${t('Capabilities', capabilityRows(h, notes))}</section>`,
    `<section><h2>Specs</h2>${t('Catalog facts', specRows(h))}</section>`,
    `<section><h2>Sources of published figures</h2>${
      notes.list().length === 0
        ? '<p>None.</p>'
        : `<ol>${notes
            .list()
            .map((n) => `<li>${escapeHtml(n.source)}</li>`)
            .join('')}</ol>`
    }</section>`,
  ];
  const title = `${a} vs ${b}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Versus snapshot</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<p class="meta">Snapshot taken ${escapeHtml(iso(generatedAt))}; ratings computed ${escapeHtml(iso(h.computedAt))} from ${escapeHtml(h.mode)} votes. Live page: ${escapeHtml(pageUrl)}</p>
${sections.join('\n')}
</body></html>
`;
}
