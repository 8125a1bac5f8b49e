import { describe, expect, it } from 'vitest';
import type { HeadToHeadResponse } from '../../shared/api.ts';
import { MIX_1_TO_1, MIX_3_TO_1 } from '../../shared/cost-mix.ts';
import {
  costRows,
  hostedRatioText,
  qualityRows,
  selfHostedText,
  speedDifference,
  speedRows,
} from '../../client/lib/compare-published-rows.ts';
import { compareSnapshotHtml, escapeHtml } from '../../client/lib/compare-snapshot-html.ts';
import { parseVolume } from '../../client/lib/parse-volume.ts';
import { SourceNotes } from '../../client/lib/source-notes.ts';
import { headToHead, row } from './fixtures.ts';

const EVIL = '<img src=x onerror=alert(1)>"&\'';

function miniVsLlama(): HeadToHeadResponse {
  const h = headToHead(
    row('mini', {
      label: 'GPT-4.1 mini',
      blendedPerMTok: 0.7,
      inputPerMTok: 0.4,
      outputPerMTok: 1.6,
      outputTokensPerSecond: { median: 40, p90: 50, samples: 6 },
    }),
    row('llama', { label: 'Llama 3.2 3B', blendedPerMTok: 0, inputPerMTok: 0, outputPerMTok: 0 }),
  );
  const src = 'OpenAI appendix';
  h.a = {
    ...h.a,
    selfHosted: false,
    hostedPrice: { provider: 'OpenAI', inputPerMTok: 0.4, outputPerMTok: 1.6, source: 'openai', date: null, viaEndpoint: true },
    benchmarks: [
      { benchmark: 'MMLU', score: 87.5, scale: 'percent', setting: 'zero-shot', source: src, date: '2025-04-14' },
      { benchmark: 'IFEval', score: 84.1, scale: 'percent', source: src, date: '2025-04-14' },
    ],
    publishedSpeed: [{ outputTokensPerSecond: 80, ttftMs: 900, source: 'AA', date: null, conditions: 'maker API' }],
  };
  h.b = {
    ...h.b,
    selfHosted: true,
    hostedPrice: {
      provider: 'Cloudflare',
      inputPerMTok: 0.051,
      outputPerMTok: 0.335,
      source: 'cf',
      date: '2025-02-20',
      viaEndpoint: false,
    },
    benchmarks: [
      { benchmark: 'MMLU', score: 63.4, scale: 'percent', setting: '5-shot', source: 'Meta card', date: '2024-09-25' },
      { benchmark: 'IFEval', score: 77.4, scale: 'percent', source: 'Meta card', date: '2024-09-25' },
    ],
  };
  h.hostedPriceRatio = { cheaper: 'b', times: 0.7 / 0.122 };
  return h;
}

describe('published figures beside measured ones', () => {
  it("puts this arena's rating first, then each benchmark labelled published, with its note and date", () => {
    const notes = new SourceNotes();
    const rows = qualityRows(miniVsLlama(), notes);
    expect(rows.map((r) => r.label)).toEqual(['Rating in this arena (measured here)', 'MMLU (published)', 'IFEval (published)']);
    expect(rows[1]!.a).toEqual({ text: '87.5%', sub: 'zero-shot · 2025-04-14 · [1]' });
    expect(rows[1]!.b).toEqual({ text: '63.4%', sub: '5-shot · 2024-09-25 · [2]' });
    // Different settings: no "better" mark; same setting: the higher score is marked.
    expect(rows[1]!.better).toBeNull();
    expect(rows[2]!.better).toBe('a');
    expect(notes.list()).toEqual([
      { ref: '[1]', source: 'OpenAI appendix' },
      { ref: '[2]', source: 'Meta card' },
    ]);
  });

  it('published against measured speed, and the difference only when both exist', () => {
    const rows = speedRows(miniVsLlama(), new SourceNotes());
    const get = (key: string) => rows.find((r) => r.key === key)!;
    expect(get('tps-published').a).toEqual({ text: '80.0 tok/s', sub: 'maker API · undated · [1]' });
    expect(get('tps-measured').a).toEqual({ text: '40.0 tok/s', sub: 'median of 6 answers' });
    expect(get('tps-diff').a).toEqual({ text: '−50%', sub: 'measured here 50% slower than published' });
    expect(get('tps-published').b.sub).toBe('none published');
    expect(get('tps-diff').b.sub).toBe('needs both figures');
    expect(speedDifference(300, 900, 'ttft')).toEqual({ text: '−67%', sub: 'first token 67% sooner here than published' });
  });

  it('the hosted-price ratio and the self-hosted row', () => {
    const h = miniVsLlama();
    expect(hostedRatioText(h)).toBe(
      'At hosted-API prices Llama 3.2 3B is 5.7× cheaper than GPT-4.1 mini: $0.122 on Cloudflare against $0.70 on OpenAI per 1M tokens (blended 3:1).',
    );
    expect(selfHostedText(h.b)).toBe(
      'self-hosted here: $0 per token; cheapest listed hosted API: $0.051 / $0.335 per 1M tokens in / out (Cloudflare, 2025-02-20)',
    );
    expect(selfHostedText(h.a)).toBeNull();
  });

  it('monthly cost at 3:1 and 1:1 at hosted prices, the self-hosted side noting $0 here', () => {
    const h = miniVsLlama();
    const at31 = costRows(h, MIX_3_TO_1, [1e6, 1e8]);
    expect(at31.map((r) => [r.a.text, r.b.text, r.better])).toEqual([
      ['$0.70', '$0.12', 'b'],
      ['$70.00', '$12.20', 'b'],
    ]);
    expect(at31[0]!.b.sub).toBe('here: $0 (self-hosted)');
    expect(costRows(h, MIX_1_TO_1, [1e7]).map((r) => [r.a.text, r.b.text])).toEqual([['$10.00', '$1.93']]);
  });

  it('reads volumes as people type them', () => {
    expect(parseVolume('5M')).toBe(5e6);
    expect(parseVolume('250k')).toBe(250_000);
    expect(parseVolume('1.5B')).toBe(1.5e9);
    expect(parseVolume('2,500,000')).toBe(2_500_000);
    expect(parseVolume(' 42 ')).toBe(42);
    for (const bad of ['', 'lots', '-5', '0', '5 M tokens', '1e6', '2000B']) expect(parseVolume(bad)).toBeNull();
  });
});

describe('static HTML snapshot', () => {
  it('escapes every text', () => {
    expect(escapeHtml(EVIL)).toBe('&lt;img src=x onerror=alert(1)&gt;&quot;&amp;&#39;');
  });

  it('embeds the data and its date, runs no script, fetches nothing, and escapes catalog text', () => {
    const h = miniVsLlama();
    h.a.row.label = `Mini ${EVIL}`;
    h.verdict = `Verdict ${EVIL}`;
    h.a.benchmarks[0]!.source = `source ${EVIL}`;
    h.choose = { a: [{ key: 'x', text: `reason ${EVIL}` }], b: [] };
    h.observedMix = { inputTokens: 2_400, outputTokens: 1_000, answers: 12 };
    h.computedAt = Date.UTC(2026, 0, 2, 3, 4, 5);
    const html = compareSnapshotHtml(h, { generatedAt: Date.UTC(2026, 0, 3), pageUrl: 'http://127.0.0.1:8787/#/compare/mini/llama' });
    expect(html).not.toMatch(/<(script|img|link|iframe)\b/i);
    // The payload survives only as text: no tag carries an event handler.
    expect(html).not.toMatch(/<[^>]*\son\w+=/i);
    expect(html).toContain('Mini &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('Snapshot taken 2026-01-03 00:00:00 UTC; ratings computed 2026-01-02 03:04:05 UTC from blind votes.');
    expect(html).toContain('Monthly cost at 3:1 input to output');
    expect(html).toContain('Monthly cost at 1:1 input to output');
    expect(html).toContain('Monthly cost at this arena&#39;s observed mix for these two, 2.4:1 over 12 answers');
    expect(html).toContain('5.7× cheaper');
    expect(html).toContain('self-hosted here: $0 per token');
    expect(html).toContain('<li>reason &lt;img');
  });
});
