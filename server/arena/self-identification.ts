import type { ModelSpec } from '../../shared/catalog.ts';

/** Words too generic to give a model away. */
const GENERIC = new Set(['local', 'test', 'model', 'models', 'the', 'open', 'small', 'mini', 'instruct', 'chat', 'unknown']);

/**
 * How makers' names and products are spelled in the wild, beyond what the
 * catalog says: an answer saying "ChatGPT" or "Bard" names its maker as
 * surely as "OpenAI" or "Gemini" does. Keyed by organisation, compared compactly.
 */
const KNOWN_ALIASES: Record<string, readonly string[]> = {
  openai: ['OpenAI', 'ChatGPT', 'GPT'],
  anthropic: ['Anthropic', 'Claude'],
  google: ['Google', 'Gemini', 'Gemma', 'Bard', 'DeepMind'],
  meta: ['Llama', 'Meta AI'],
  mistralai: ['Mistral', 'Mixtral'],
  alibaba: ['Qwen', 'Alibaba', 'Tongyi'],
  microsoft: ['Phi', 'Microsoft'],
  deepseek: ['DeepSeek'],
  huggingface: ['SmolLM', 'Hugging Face'],
};

/**
 * Names that would give a model away in a blind battle: the catalog's
 * `identityTerms` when set, else its organisation, the first word of its
 * label and the known aliases of its organisation (e.g. "OpenAI", "GPT",
 * "ChatGPT"; "Anthropic", "Claude").
 */
export function identityTerms(spec: ModelSpec): string[] {
  if (spec.identityTerms) return spec.identityTerms;
  const firstWord = spec.label.split(/[\s\-_.:]+/)[0] ?? '';
  const aliases = KNOWN_ALIASES[compact(spec.organisation)] ?? [];
  const terms = [spec.organisation, firstWord, ...aliases].filter((t) => compact(t).length >= 3 && !GENERIC.has(t.toLowerCase()));
  const seen = new Set<string>();
  return terms.filter((t) => !seen.has(compact(t)) && seen.add(compact(t)));
}

/** Lower case, accents and compatibility forms folded, nothing but letters and digits. */
function compact(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The words of a text, compacted: "Open-AI's GPT-4.1" → ["open", "ai", "s", "gpt", "4", "1"]. */
function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Spellings join words and digits at will ("Open AI", "gpt4.1", "GPT-4.1"): try every run of up to this many words. */
const MAX_RUN = 4;

/**
 * The first identity term the answer contains, if any. Both sides are
 * compared compactly (case, spaces, hyphens and dots ignored), over runs of
 * consecutive words, so "Open AI", "open-ai" and "OpenAI" all match "OpenAI",
 * and "gpt4.1", "GPT-4.1" and "GPT 4.1" match "GPT". A run matches when it
 * is the term, or the term followed by a version number ("gpt41mini" for
 * "GPT"); it must start at a word boundary, so "Claudette" does not match
 * "Claude" and "philosophy" does not match "Phi".
 */
export function selfIdentification(text: string, terms: readonly string[]): string | null {
  const ws = words(text);
  if (ws.length === 0) return null;
  const wanted = terms.map((t) => ({ term: t, c: compact(t) })).filter((t) => t.c.length > 0);
  for (let i = 0; i < ws.length; i++) {
    let run = '';
    for (let j = i; j < Math.min(ws.length, i + MAX_RUN); j++) {
      run += ws[j];
      for (const { term, c } of wanted) {
        if (run === c || (run.startsWith(c) && /^\p{N}/u.test(run.slice(c.length)))) return term;
      }
    }
  }
  return null;
}
