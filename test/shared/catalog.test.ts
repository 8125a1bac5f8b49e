import { describe, expect, it } from 'vitest';
import { blendedPricePerMTok, ModelSpec } from '../../shared/catalog.ts';
import { BUILTIN_MODELS } from '../../server/catalog/builtin-models.ts';

describe('blendedPricePerMTok', () => {
  it('blends prices 3:1', () => {
    expect(blendedPricePerMTok({ inputPerMTok: 0.4, outputPerMTok: 1.6, cachedInputPerMTok: null })).toBeCloseTo(0.7, 12);
    expect(blendedPricePerMTok({ inputPerMTok: null, outputPerMTok: 1.6, cachedInputPerMTok: null })).toBeNull();
  });
});

describe('published facts in the catalog', () => {
  const base = {
    id: 'm',
    label: 'M',
    organisation: 'O',
    endpoint: 'e',
    upstreamModel: 'm',
    pricing: { inputPerMTok: 0, outputPerMTok: 0 },
  };
  const spec = {
    ...base,
    contextWindow: null,
    maxOutputTokens: null,
    releaseDate: null,
    knowledgeCutoff: null,
    license: null,
    openWeights: true,
    source: 's',
  };

  it('defaults to nothing published: no prices, benchmarks or speed, capabilities not documented', () => {
    const m = ModelSpec.parse(spec);
    expect(m.referencePrices).toEqual([]);
    expect(m.benchmarks).toEqual([]);
    expect(m.publishedSpeed).toEqual([]);
    expect(m.capabilities).toEqual({ inputModalities: null, toolCalling: null, structuredOutput: null, source: null });
  });

  it('needs a source and a date for every published figure', () => {
    const price = { provider: 'P', inputPerMTok: 0.1, outputPerMTok: 0.2, source: 'https://example.test', date: '2025-02-20' };
    expect(ModelSpec.safeParse({ ...spec, referencePrices: [price] }).success).toBe(true);
    expect(ModelSpec.safeParse({ ...spec, referencePrices: [{ ...price, source: '' }] }).success).toBe(false);
    expect(ModelSpec.safeParse({ ...spec, referencePrices: [{ ...price, date: 'last week' }] }).success).toBe(false);
    const score = { benchmark: 'MMLU', score: 63.4, source: 'card', date: '2024-09-25' };
    expect(ModelSpec.parse({ ...spec, benchmarks: [score] }).benchmarks[0]!.scale).toBe('percent');
    expect(ModelSpec.safeParse({ ...spec, benchmarks: [{ ...score, date: undefined }] }).success).toBe(false);
    // A speed page that states no date says so with null; conditions are required.
    const speed = { outputTokensPerSecond: 77.2, ttftMs: 930, source: 'AA', date: null, conditions: 'maker API' };
    expect(ModelSpec.safeParse({ ...spec, publishedSpeed: [speed] }).success).toBe(true);
    expect(ModelSpec.safeParse({ ...spec, publishedSpeed: [{ ...speed, conditions: undefined }] }).success).toBe(false);
  });

  it('every built-in published figure names its source and date', () => {
    for (const m of BUILTIN_MODELS.map((b) => ModelSpec.parse(b))) {
      for (const f of [...m.referencePrices, ...m.benchmarks]) {
        expect(f.source.length).toBeGreaterThan(10);
        expect(f.date).toMatch(/^\d{4}-\d{2}/);
      }
      for (const s of m.publishedSpeed) expect(s.conditions.length).toBeGreaterThan(10);
      const c = m.capabilities;
      if (c.inputModalities !== null || c.toolCalling !== null || c.structuredOutput !== null) expect(c.source).not.toBeNull();
    }
  });
});
