import type { ModelSpec } from '../../shared/catalog.ts';

/** Words too generic to give a model away. */
const GENERIC = new Set(['local', 'test', 'model', 'models', 'the', 'open', 'small', 'mini', 'instruct', 'chat', 'unknown']);

/**
 * Names that would give a model away in a blind battle: the catalog's
 * `identityTerms` when set, else its organisation and the first word of its
 * label (e.g. "OpenAI", "GPT"; "Anthropic", "Claude").
 */
export function identityTerms(spec: ModelSpec): string[] {
  if (spec.identityTerms) return spec.identityTerms;
  const firstWord = spec.label.split(/[\s\-_.:]+/)[0] ?? '';
  return [spec.organisation, firstWord].filter((t) => t.length >= 3 && !GENERIC.has(t.toLowerCase()));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The first identity term the answer contains as a whole word, if any. */
export function selfIdentification(text: string, terms: readonly string[]): string | null {
  for (const term of terms) {
    if (new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(term)}($|[^\\p{L}\\p{N}])`, 'iu').test(text)) return term;
  }
  return null;
}
