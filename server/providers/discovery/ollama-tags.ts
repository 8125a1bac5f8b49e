import { fetchJson } from './fetch-json.ts';

export interface OllamaModelFacts {
  name: string;
  family?: string;
  parameterSize?: string;
  quantization?: string;
  format?: string;
  sizeBytes?: number;
}

interface TagsBody {
  models?: { name?: unknown; model?: unknown; size?: unknown; details?: Record<string, unknown> }[];
}

/** Ollama's root URL from its OpenAI-compatible base (`…:11434/v1` → `…:11434`). */
export function ollamaRoot(baseURL: string): string {
  return baseURL.replace(/\/+$/, '').replace(/\/v1$/, '');
}

/** The pulled models with the facts Ollama knows (`/api/tags`); null when it did not answer. */
export async function fetchOllamaTags(baseURL: string, timeoutMs: number): Promise<OllamaModelFacts[] | null> {
  const r = await fetchJson(`${ollamaRoot(baseURL)}/api/tags`, timeoutMs);
  if (!r.ok) return null;
  const models = (r.body as TagsBody).models ?? [];
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  return models.flatMap((m) => {
    const name = str(m.name) ?? str(m.model);
    if (!name) return [];
    const d = m.details ?? {};
    const facts: OllamaModelFacts = { name };
    const family = str(d['family']);
    const parameterSize = str(d['parameter_size']);
    const quantization = str(d['quantization_level']);
    const format = str(d['format']);
    if (family) facts.family = family;
    if (parameterSize) facts.parameterSize = parameterSize;
    if (quantization) facts.quantization = quantization;
    if (format) facts.format = format;
    if (typeof m.size === 'number') facts.sizeBytes = m.size;
    return [facts];
  });
}
