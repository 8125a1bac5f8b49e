export interface ForwardedHops {
  /** Client addresses as the proxies wrote them, nearest the original client first. */
  for: string[];
  /** The scheme the client used to reach the first proxy, when a proxy said. */
  proto?: string;
  /** The host the client asked the first proxy for, when a proxy said. */
  host?: string;
}

/** Splits `a, "b,c"; d` at `sep` outside double quotes. */
function splitOutsideQuotes(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of s) {
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

const unquote = (v: string) => v.trim().replace(/^"(.*)"$/, '$1');

/** `for` values of RFC 7239 carry a port (`"[2001:db8::1]:4711"`, `192.0.2.1:80`); the address is what identifies. */
function stripPort(v: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(v);
  if (bracketed) return bracketed[1]!;
  return /^[\d.]+:\d+$/.test(v) ? v.slice(0, v.lastIndexOf(':')) : v;
}

/**
 * What the proxies in front said about the client: RFC 7239 `Forwarded`
 * when present (the standard), else the `X-Forwarded-*` family. Whether any
 * of it is believed is the caller's decision (only from trusted proxies).
 */
export function forwardedHops(header: (name: string) => string | undefined): ForwardedHops {
  const forwarded = header('forwarded');
  if (forwarded) {
    const elements = splitOutsideQuotes(forwarded, ',').map((el) =>
      Object.fromEntries(
        splitOutsideQuotes(el, ';')
          .map((pair) => pair.split('='))
          .filter((kv) => kv.length >= 2)
          .map(([k, ...v]) => [k!.trim().toLowerCase(), unquote(v.join('='))]),
      ),
    ) as Record<string, string | undefined>[];
    const first = elements[0] ?? {};
    return {
      for: elements.map((e) => stripPort(e['for'] ?? 'unknown')),
      ...(first['proto'] ? { proto: first['proto'].toLowerCase() } : {}),
      ...(first['host'] ? { host: first['host'] } : {}),
    };
  }
  const list = (name: string) =>
    (header(name) ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  const proto = list('x-forwarded-proto')[0]?.toLowerCase();
  const host = list('x-forwarded-host')[0];
  return { for: list('x-forwarded-for').map(stripPort), ...(proto ? { proto } : {}), ...(host ? { host } : {}) };
}
