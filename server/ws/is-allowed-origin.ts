/**
 * Cross-site websocket hijacking guard: browsers send Origin on websocket
 * upgrades, and the session cookie rides along. Accept the page's own origin,
 * loopback origins (the Vite dev server), and configured ones. No Origin
 * header means a non-browser client, which carries no victim's cookie.
 */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (host && url.host === host) return true;
  if (['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) return true;
  return allowed.includes(url.origin);
}
