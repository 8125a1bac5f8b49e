import type { ModelSpec } from '../../../shared/catalog.ts';

/** Catalog ids allow letters, digits, `. _ : -`; served names often carry `/` (org/model). */
export function discoveredModelId(endpointId: string, name: string): string {
  return `${endpointId}:${name.replace(/[^a-z0-9._:-]+/gi, '-')}`;
}

export interface ServerModelArgs {
  endpointId: string;
  /** The name the server lists and expects back. */
  name: string;
  serverLabel: string;
  source: string;
  organisation?: string | null;
  details?: Record<string, string>;
}

/**
 * A model a local server serves that no catalog entry describes. Only what
 * the server said is known; everything else stays null rather than guessed.
 */
export function serverModelSpec(a: ServerModelArgs): ModelSpec {
  return {
    id: discoveredModelId(a.endpointId, a.name),
    label: a.name,
    organisation: a.organisation || a.serverLabel,
    endpoint: a.endpointId,
    upstreamModel: a.name,
    pricing: { inputPerMTok: 0, outputPerMTok: 0, cachedInputPerMTok: 0 },
    contextWindow: null,
    maxOutputTokens: null,
    releaseDate: null,
    knowledgeCutoff: null,
    license: null,
    openWeights: true,
    source: a.source,
    sampling: {},
    details: { hosting: `self-hosted (${a.serverLabel})`, ...(a.details ?? {}) },
  };
}
