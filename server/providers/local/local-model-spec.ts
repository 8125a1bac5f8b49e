import { basename, extname } from 'node:path';
import { noPublishedFacts, type ModelSpec } from '../../../shared/catalog.ts';
import { formatParameterCount, type GgufFacts } from './gguf-facts.ts';

export const PLAIN_TEXT_COMPLETION = 'none: runs as plain text completion (continues the prompt, does not follow instructions)';

function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** `local:<file stem>`, reduced to the characters a catalog id allows. */
export function localModelId(file: string): string {
  const stem = basename(file, extname(file));
  return `local:${stem.replace(/[^a-z0-9._:-]+/gi, '-').replace(/^[^a-z0-9]+/i, '') || 'model'}`;
}

export interface LocalModelSpecArgs {
  id: string;
  file: string;
  sizeBytes: number;
  facts: GgufFacts;
  endpointId: string;
  /** The context this arena actually gives the model (trained length capped by the pool). */
  usableContext: number | null;
}

/** A catalog entry built from a GGUF header: costs nothing per token, weights are open by definition. */
export function localModelSpec(a: LocalModelSpecArgs): ModelSpec {
  const { facts } = a;
  const stem = basename(a.file, extname(a.file));
  const label = facts.name ? [facts.name, facts.quantization].filter(Boolean).join(' · ') : stem;
  const details: Record<string, string> = { file: basename(a.file), 'file size': formatBytes(a.sizeBytes) };
  if (facts.architecture) details['architecture'] = facts.architecture;
  if (facts.parameters) details['parameters'] = formatParameterCount(facts.parameters);
  if (facts.quantization) details['quantization'] = facts.quantization;
  details['chat template'] = facts.chatTemplate ? 'yes (from the GGUF)' : PLAIN_TEXT_COMPLETION;
  details['hosting'] = 'in-process on this machine (node-llama-cpp)';
  if (a.usableContext && facts.contextLength && a.usableContext < facts.contextLength) {
    details['context used here'] = `${a.usableContext} tokens`;
  }
  return {
    id: a.id,
    label,
    organisation: facts.organisation ?? 'local',
    endpoint: a.endpointId,
    upstreamModel: a.file,
    pricing: { inputPerMTok: 0, outputPerMTok: 0, cachedInputPerMTok: 0 },
    contextWindow: facts.contextLength,
    maxOutputTokens: a.usableContext,
    releaseDate: null,
    knowledgeCutoff: null,
    license: facts.license,
    openWeights: true,
    source: `GGUF metadata of ${basename(a.file)}`,
    ...noPublishedFacts(),
    sampling: {},
    // A text continuer against a chat model is a lopsided blind draw: it runs in named battles only.
    ...(facts.chatTemplate ? {} : { completionOnly: true }),
    details,
  };
}
