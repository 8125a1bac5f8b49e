import type { StartupRow } from './providers/discover.ts';
import { scrubSecrets } from './providers/scrub-secrets.ts';
import { setupHelp } from './setup-help.ts';
import { terminalSafe } from './terminal-safe.ts';

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

/**
 * One readable block for the console: provider, models, status; problems;
 * then where to go. It goes straight to the terminal, and its cells hold what
 * servers said (model names, error text): credentials are redacted and
 * control characters neutralised here, whatever the rows were built from.
 */
export function formatStartupTable(input: StartupTableInput): string {
  return terminalSafe(scrubSecrets(layoutStartupTable(input)));
}

function layoutStartupTable(input: StartupTableInput): string {
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
  const help = setupHelp(total);
  if (help) out.push(help, '');
  out.push(`  ${total} model${total === 1 ? '' : 's'} ready. Open ${input.url}`, '');
  return out.join('\n');
}
