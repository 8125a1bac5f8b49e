import { describe, expect, it } from 'vitest';
import type { HeadToHeadSide, LeaderboardRow } from '../../shared/api.ts';
import { hostedPriceRatio } from '../../shared/hosted-price.ts';
import { chooseIfClauses, monthsBetween } from '../../server/leaderboard/choose-if-clauses.ts';
import { headToHead, row } from '../client/fixtures.ts';

/** GPT-4.1 mini against Llama 3.2 3B as the catalog describes them, with measured figures chosen per test. */
function pair(overA: Partial<LeaderboardRow> = {}, overB: Partial<LeaderboardRow> = {}) {
  const h = headToHead(
    row('mini', {
      label: 'GPT-4.1 mini',
      openWeights: false,
      license: 'Proprietary',
      contextWindow: 1_047_576,
      blendedPerMTok: 0.7,
      ...overA,
    }),
    row('llama', {
      label: 'Llama 3.2 3B',
      openWeights: true,
      license: 'Llama 3.2 Community License',
      contextWindow: 131_072,
      blendedPerMTok: 0,
      ...overB,
    }),
  );
  const a: HeadToHeadSide = {
    ...h.a,
    releaseDate: '2025-04-14',
    knowledgeCutoff: '2024-06',
    maxOutputTokens: 32_768,
    selfHosted: false,
    hostedPrice: { provider: 'OpenAI', inputPerMTok: 0.4, outputPerMTok: 1.6, source: 'openai', date: null, viaEndpoint: true },
    capabilities: { inputModalities: ['text', 'image'], toolCalling: true, structuredOutput: true, source: 'openai docs' },
  };
  const b: HeadToHeadSide = {
    ...h.b,
    releaseDate: '2024-09-25',
    knowledgeCutoff: '2023-12',
    maxOutputTokens: null,
    selfHosted: true,
    endpoint: { id: 'ollama', label: 'Ollama', kind: 'openai', available: true, unavailableReason: null },
    hostedPrice: {
      provider: 'Cloudflare Workers AI',
      inputPerMTok: 0.051,
      outputPerMTok: 0.335,
      source: 'cf',
      date: '2025-02-20',
      viaEndpoint: false,
    },
    capabilities: { inputModalities: ['text'], toolCalling: true, structuredOutput: null, source: 'meta card' },
  };
  return { a, b, hostedPriceRatio: hostedPriceRatio(a.hostedPrice, b.hostedPrice) };
}
const keys = (cs: { key: string }[]) => cs.map((c) => c.key);
const text = (cs: { key: string; text: string }[], key: string) => cs.find((c) => c.key === key)?.text;

describe('choose A if / choose B if', () => {
  it('builds each list from the figures, and every clause names its figure', () => {
    const input = pair(
      { outputTokensPerSecond: { median: 80, p90: 90, samples: 6 } },
      { outputTokensPerSecond: { median: 20, p90: 25, samples: 4 } },
    );
    const { a, b } = chooseIfClauses(input);
    expect(keys(a)).toEqual(['context', 'speed', 'modalities', 'structured-output', 'release', 'cutoff']);
    expect(text(a, 'context')).toBe('you send long inputs: a 1,047,576-token context window against 131,072');
    expect(text(a, 'speed')).toBe(
      'answers should stream fast: measured here at a median 80.0 tokens/s against 20.0 tokens/s (6 answers and 4 answers)',
    );
    expect(text(a, 'modalities')).toBe('you send image input: it takes text, image (Llama 3.2 3B: text)');
    expect(text(a, 'release')).toBe('you want the newer model: released 2025-04-14, 7 months after Llama 3.2 3B (2024-09-25)');
    expect(text(a, 'cutoff')).toBe('you need more recent knowledge: training data up to 2024-06 against 2023-12');
    expect(text(a, 'structured-output')).toBe('you need structured output: its maker documents it (Llama 3.2 3B: not documented)');
    // Tool calling is documented for both: no reason either way. Max output unknown for B: no clause.
    expect(keys(a)).not.toContain('tool-calling');
    expect(keys(a)).not.toContain('max-output');

    expect(keys(b)).toEqual(['hosted-price', 'self-hosted', 'open-weights']);
    expect(text(b, 'hosted-price')).toBe(
      'cost per token matters: 5.7× cheaper on a hosted API (blended 3:1, $0.122 on Cloudflare Workers AI against $0.70 on OpenAI, per 1M tokens)',
    );
    expect(text(b, 'self-hosted')).toBe(
      'you want no per-token bill: it runs self-hosted here (Ollama) at $0 per token, against $0.70 per 1M tokens blended 3:1 for GPT-4.1 mini',
    );
    expect(text(b, 'open-weights')).toBe(
      'you need weights you can run or fine-tune yourself: open weights, Llama 3.2 Community License (GPT-4.1 mini: Proprietary)',
    );
  });

  it('a rating clause only when both are established and the intervals are apart, open ends included', () => {
    const apart = chooseIfClauses(pair({ rating: 1100, ciLower: 1060, ciUpper: 1140 }, { rating: 950, ciLower: 910, ciUpper: 990 }));
    expect(text(apart.a, 'rating')).toBe(
      "this arena's voters decide: rated 1100 (95% CI 1060–1140) against 950 (95% CI 910–990), intervals apart",
    );
    expect(keys(apart.b)).not.toContain('rating');
    // Overlapping intervals: no winner.
    expect(
      keys(chooseIfClauses(pair({ rating: 1010, ciLower: 960, ciUpper: 1060 }, { rating: 990, ciLower: 940, ciUpper: 1040 })).a),
    ).not.toContain('rating');
    // Thin evidence: a provisional model's separation is not a reason.
    expect(
      keys(
        chooseIfClauses(
          pair({ rating: 1100, ciLower: 1060, ciUpper: 1140, provisional: true }, { rating: 950, ciLower: 910, ciUpper: 990 }),
        ).a,
      ),
    ).not.toContain('rating');
    // A model that never lost: "at least", and still apart from one whose interval ends below.
    const open = chooseIfClauses(pair({ rating: null, ciLower: 1200, ciUpper: null }, { rating: 950, ciLower: 910, ciUpper: 990 }));
    expect(text(open.a, 'rating')).toBe(
      "this arena's voters decide: rated at least 1200 (no upper bound) against 950 (95% CI 910–990), intervals apart",
    );
  });

  it('measured figures must differ by 10% and both be measured', () => {
    const close = pair({ ttftMs: { median: 300, p90: 400, samples: 5 } }, { ttftMs: { median: 320, p90: 400, samples: 5 } });
    expect(keys(chooseIfClauses(close).a)).not.toContain('ttft');
    const far = pair({ ttftMs: { median: 1500, p90: 2000, samples: 5 } }, { ttftMs: { median: 300, p90: 400, samples: 3 } });
    expect(text(chooseIfClauses(far).b, 'ttft')).toBe(
      'the first token must come quickly: measured here at a median 300 ms to first token against 1.50 s (3 answers and 5 answers)',
    );
    const unmeasured = pair(
      { outputTokensPerSecond: { median: null, p90: null, samples: 0 } },
      { outputTokensPerSecond: { median: 50, p90: 60, samples: 2 } },
    );
    expect(keys(chooseIfClauses(unmeasured).b)).not.toContain('speed');
  });

  it('no hosted price on one side: no price clause at all', () => {
    const input = pair();
    const noRef = { ...input, b: { ...input.b, hostedPrice: null }, hostedPriceRatio: null };
    expect(keys(chooseIfClauses(noRef).b)).not.toContain('hosted-price');
  });

  it('counts months between release dates', () => {
    expect(monthsBetween('2024-09-25', '2025-04-14')).toBe(7);
    expect(monthsBetween('2025-03', '2025-04-14')).toBe(1);
    expect(monthsBetween('2025-04-14', '2025-04-20')).toBe(0);
  });
});
