import { noPublishedFacts, type ModelSpec } from '../../../shared/catalog.ts';

/**
 * What a served name calls the model. llama.cpp's server lists the model file's
 * path ("/srv/models/Qwen2.5-7B-Instruct-Q4_K_M.gguf"): its base name without
 * the extension says it, the folders say nothing and give the host's layout
 * away. Hub-style names ("Qwen/Qwen2.5-7B-Instruct") keep their organisation.
 */
export function servedModelName(name: string): string {
  const isPath = /^(\/|~\/|\.{1,2}\/|[a-z]:[\\/])/i.test(name) || /\.(gguf|bin|safetensors)$/i.test(name);
  if (!isPath) return name;
  const base = name.split(/[\\/]/).filter(Boolean).at(-1) ?? name;
  return base.replace(/\.(gguf|bin|safetensors)$/i, '') || name;
}

/** Catalog ids allow letters, digits, `. _ : -`; served names often carry `/` (org/model). */
export function discoveredModelId(endpointId: string, name: string): string {
  return `${endpointId}:${servedModelName(name).replace(/[^a-z0-9._:-]+/gi, '-')}`;
}

export interface ServerModelArgs {
  endpointId: string;
  /** The name the server lists and expects back. */
  name: string;
  serverLabel: string;
  source: string;
  organisation?: string | null;
  details?: Record<string, string>;
  /** What the server says the model's context is; null when it does not say. */
  contextLength?: number | null;
}

/**
 * A model a local server serves that no catalog entry describes. Only what
 * the server said is known; everything else stays null rather than guessed.
 */
export function serverModelSpec(a: ServerModelArgs): ModelSpec {
  return {
    id: discoveredModelId(a.endpointId, a.name),
    label: servedModelName(a.name),
    organisation: a.organisation || a.serverLabel,
    endpoint: a.endpointId,
    upstreamModel: a.name,
    pricing: { inputPerMTok: 0, outputPerMTok: 0, cachedInputPerMTok: 0 },
    contextWindow: a.contextLength ?? null,
    maxOutputTokens: null,
    releaseDate: null,
    knowledgeCutoff: null,
    license: null,
    openWeights: true,
    source: a.source,
    ...noPublishedFacts(),
    sampling: {},
    details: { hosting: `self-hosted (${a.serverLabel})`, ...(a.details ?? {}) },
  };
}
