import type { OriginAllowList } from './origin-allow-list.ts';

export interface HostOriginRefusal {
  status: 403 | 421;
  message: string;
}

/**
 * Whether a request may be served, judged on the Host it names (or the host a
 * trusted proxy says the client asked for) and the Origin a browser sent.
 * No Origin is a non-browser client (curl, a script) or a same-origin
 * navigation, and carries no victim's cookie into a foreign page.
 */
export function hostOriginRefusal(
  req: { host: string | undefined; origin: string | undefined; websocket: boolean },
  allowed: OriginAllowList,
  opts: { checkHost: boolean } = { checkHost: true },
): HostOriginRefusal | null {
  if (req.origin !== undefined && !allowed.allowsOrigin(req.origin)) {
    return { status: 403, message: req.websocket ? 'Websocket origin not allowed' : 'Origin not allowed' };
  }
  if (opts.checkHost && !allowed.allowsHost(req.host)) {
    return {
      status: 421,
      message: 'This server does not answer for that Host; if it should, add its origin to network.publicOrigins (or VERSUS_PUBLIC_ORIGIN)',
    };
  }
  return null;
}
