/** Where the browser tests look for Chromium: VERSUS_CHROMIUM, else Debian's package. */
export function chromiumPath(env: Record<string, string | undefined> = process.env): string {
  return env['VERSUS_CHROMIUM'] || '/usr/bin/chromium';
}
