import type { AccessConfig } from '../config/access-config.ts';
import { ConfigError } from '../config/load-config.ts';
import { parseIp } from '../moderation/ip-prefix.ts';

/** Whether listening on `host` keeps Versus to this machine. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  const ip = parseIp(host);
  if (!ip) return false;
  return ip.family === 4 ? ip.bytes[0] === 127 : ip.bytes.every((b, i) => b === (i === 15 ? 1 : 0));
}

/**
 * Refuses a start that would put the arena on a network without sign-in, and
 * one whose OpenID Connect redirect could not come back. Thrown before
 * anything listens, with the reason and the ways out.
 */
export function checkNetworkExposure(host: string, access: AccessConfig, publicOrigin: string | undefined): void {
  if (isLoopbackHost(host)) return;
  if (access.mode === 'local' && !access.allowOpenNetwork) {
    throw new ConfigError(
      `Versus will not listen on ${host} in access mode "local". Local mode has no sign-in and makes everyone who reaches ` +
        `the port an admin: anyone on the network could run battles on your API keys, read and export every prompt and ` +
        `answer, and void votes. Use access.mode "team" (a shared secret or invite links) or "oidc" (your organisation's ` +
        `sign-in), see the README section "Deploying for a team"; or, if this network is yours alone, set ` +
        `"access": { "allowOpenNetwork": true } in the config file. (The interface comes from VERSUS_HOST or server.host.)`,
    );
  }
  if (access.mode === 'oidc' && !publicOrigin) {
    throw new ConfigError(
      `access.mode "oidc" on ${host} needs server.publicOrigin (e.g. "https://versus.example.com"): the identity provider ` +
        `sends people back to that address, and it must be the one registered as the redirect URI (…/auth/oidc/callback)`,
    );
  }
}
