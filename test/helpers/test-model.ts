/** A config model entry with test defaults. */
export function testModel(id: string, endpoint: string, upstreamModel: string, over: Record<string, unknown> = {}) {
  return {
    id,
    label: `Label ${id}`,
    organisation: `Org ${id}`,
    endpoint,
    upstreamModel,
    pricing: { inputPerMTok: 1, outputPerMTok: 2 },
    contextWindow: 8192,
    maxOutputTokens: 1024,
    releaseDate: '2025-01-01',
    knowledgeCutoff: null,
    license: 'MIT',
    openWeights: true,
    source: 'test',
    ...over,
  };
}
