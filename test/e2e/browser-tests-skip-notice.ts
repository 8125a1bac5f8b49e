import { existsSync } from 'node:fs';
import { onCi } from '../helpers/on-ci.ts';
import { chromiumPath } from './chromium-path.ts';

/**
 * The one line to print when the browser tests are left out, or null when
 * they run. Without Chromium a developer's `npm test` still passes and says
 * how to run them; on CI they run anyway, so a missing browser fails loudly
 * instead of passing by skipping.
 */
export function browserTestsSkipNotice(
  env: Record<string, string | undefined> = process.env,
  exists: (path: string) => boolean = existsSync,
): string | null {
  const chromium = chromiumPath(env);
  if (exists(chromium) || onCi(env)) return null;
  return `Browser tests skipped: Chromium not found at ${chromium}. Install it (apt-get install -y chromium) or set VERSUS_CHROMIUM to its path to run them (with CI=true they run, and fail without it).`;
}
