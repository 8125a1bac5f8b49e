import type { Auth } from './auth.ts';

/** What the start-up banner says about access: the mode, the ways in, and what is missing for a team. */
export async function accessSummary(auth: Auth): Promise<string[]> {
  const lines: string[] = [];
  if (auth.mode === 'local') {
    lines.push(
      auth.access.allowOpenNetwork
        ? 'Access: local mode on an open network (access.allowOpenNetwork): everyone who reaches this port is admin.'
        : 'Access: local mode, no sign-in (this machine only).',
    );
    return lines;
  }
  if (auth.mode === 'team') {
    const ways = [auth.teamSecret ? 'the shared secret' : null, 'invite links'].filter(Boolean).join(' or ');
    lines.push(`Access: team mode, sign in with ${ways}.`);
    if ((await auth.store.adminCount()) === 0) lines.push('No admin yet: `npm run admin -- invite --admin` prints a one-time admin link.');
  } else {
    lines.push(`Access: OpenID Connect (${auth.access.oidc!.issuer}), redirect URI ${auth.publicOrigin ?? '?'}/auth/oidc/callback.`);
  }
  if (!auth.keys.fromEnv)
    lines.push('VERSUS_SECRET is not set: the key of address hashes is kept in the database (README: Deploying for a team).');
  return lines;
}
