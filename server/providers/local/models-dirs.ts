import { delimiter, resolve } from 'node:path';

export const DEFAULT_MODELS_DIR = 'models';

/**
 * Where GGUF files are looked for: `./models` (gitignored) plus every entry of
 * VERSUS_MODELS_DIR, a list split like PATH (`:` here, `;` on Windows).
 * Absolute, in order, without duplicates.
 */
export function resolveModelsDirs(opts: { env?: Record<string, string | undefined>; cwd?: string; extra?: string[] } = {}): string[] {
  const cwd = opts.cwd ?? process.cwd();
  const fromEnv = (opts.env?.['VERSUS_MODELS_DIR'] ?? '').split(delimiter).filter((d) => d.trim() !== '');
  const all = [DEFAULT_MODELS_DIR, ...(opts.extra ?? []), ...fromEnv].map((d) => resolve(cwd, d.trim()));
  return [...new Set(all)];
}
