import type { StartupRow } from './providers/discover.ts';

/**
 * What to do when nothing is available, as plain text: printed at start and
 * shown in the page, so the two never disagree.
 */
export const HOW_TO_ADD_PROVIDER = [
  'No model is available yet. Add any one of these and restart Versus:',
  '  - Hosted APIs: set OPENAI_API_KEY or ANTHROPIC_API_KEY (or GEMINI_API_KEY, MISTRAL_API_KEY) in the server\'s environment.',
  '  - Ollama: start Ollama and run `ollama pull llama3.2:3b`; Versus finds it at 127.0.0.1:11434.',
  '  - LM Studio, llama.cpp\'s llama-server or vLLM: start its server on its usual port (1234, 8080, 8000).',
  '  - A GGUF model file: drop a .gguf into ./models (or a folder listed in VERSUS_MODELS_DIR).',
  '  - Any OpenAI-compatible server: add it to versus.config.json, e.g.',
  '      { "endpoints": [{ "id": "my-server", "kind": "openai", "baseURL": "http://127.0.0.1:9000/v1", "probe": true }] }',
].join('\n');

export interface StartupTableInput {
  rows: StartupRow[];
  problems?: string[];
  /** The address to open in a browser. */
  url: string;
}

const MAX_MODELS_SHOWN = 3;

function modelsCell(ids: string[]): string {
  if (ids.length === 0) return '-';
  const shown = ids.slice(0, MAX_MODELS_SHOWN).join(', ');
  return ids.length > MAX_MODELS_SHOWN ? `${shown} +${ids.length - MAX_MODELS_SHOWN} more` : shown;
}

/** One readable block for the console: provider, models, status; problems; then where to go. */
export function formatStartupTable(input: StartupTableInput): string {
  const header = { mark: ' ', provider: 'PROVIDER', models: 'MODELS', status: 'STATUS' };
  const body = input.rows.map((r) => ({ mark: r.ok ? '✓' : '·', provider: r.provider, models: modelsCell(r.models), status: r.status }));
  const all = [header, ...body];
  const w1 = Math.max(...all.map((r) => r.provider.length));
  const w2 = Math.max(...all.map((r) => r.models.length));
  const lines = all.map((r) => `  ${r.mark} ${r.provider.padEnd(w1)}  ${r.models.padEnd(w2)}  ${r.status}`.trimEnd());

  const out = ['', ...lines];
  if (input.problems?.length) {
    out.push('', '  Skipped:');
    for (const p of input.problems) out.push(`    - ${p}`);
  }
  const total = input.rows.reduce((n, r) => n + r.models.length, 0);
  out.push('');
  if (total === 0) out.push(HOW_TO_ADD_PROVIDER, '');
  out.push(`  ${total} model${total === 1 ? '' : 's'} ready. Open ${input.url}`, '');
  return out.join('\n');
}
