const DEFAULT_PORT: Record<string, string> = { 'http:': '80', 'https:': '443' };
export const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'] as const;

/** Why `origin` cannot be an entry of the list (a path, a query, not http(s)); null when it can. */
export function originEntryError(origin: string): string | null {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return `"${origin}" is not a URL`;
  }
  if (!(url.protocol in DEFAULT_PORT)) return `"${origin}" must be http:// or https://`;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    return `"${origin}" must be an origin only (scheme, host and port, e.g. https://arena.example.com)`;
  }
  return null;
}

/**
 * The origins this server answers as (DNS-rebinding and cross-site guard).
 * A request's Host must be the host of one of them, and a browser's Origin
 * must be one of them exactly, scheme and port included. Matching is exact:
 * no wildcard, no "any port of localhost", no "Origin equals Host" (a
 * rebinding page has Origin == Host).
 */
export class OriginAllowList {
  private readonly origins = new Set<string>();
  private readonly hosts = new Set<string>();

  constructor(origins: Iterable<string> = []) {
    for (const o of origins) this.add(o);
  }

  /** Throws on anything but an http(s) origin (the config's schema refuses those first). */
  add(origin: string): void {
    const problem = originEntryError(origin);
    if (problem) throw new Error(problem);
    const url = new URL(origin);
    this.origins.add(url.origin);
    // A client may write the default port or leave it out: both name the same host.
    this.hosts.add(url.host);
    this.hosts.add(`${url.hostname}:${url.port || DEFAULT_PORT[url.protocol]}`);
  }

  /** The loopback names on this port: always safe, a rebinding attacker cannot make a browser send them. */
  addLoopback(port: number): void {
    for (const name of LOOPBACK_NAMES) this.add(`http://${name}:${port}`);
  }

  allowsOrigin(origin: string): boolean {
    return this.origins.has(origin);
  }

  allowsHost(host: string | undefined): boolean {
    return host !== undefined && this.hosts.has(host.trim().toLowerCase());
  }

  list(): string[] {
    return [...this.origins];
  }
}
