import type { Role, UserRecord } from '../../db/auth-store.ts';

/**
 * Who made a request, as the session middleware found it:
 * - `anonymous`: no live session in `team` or `oidc` mode; may only sign in;
 * - `local`: `local` mode, where whoever reaches the loopback port is the one
 *   local user, an admin; `sessionHash` is null until the page asks for a session;
 * - `user`: a signed-in user, with the role this session carries.
 */
export type Identity =
  | { kind: 'anonymous' }
  | { kind: 'local'; sessionHash: string | null }
  | { kind: 'user'; sessionHash: string; user: UserRecord; role: Role };

export function roleOf(id: Identity): Role | null {
  if (id.kind === 'anonymous') return null;
  return id.kind === 'local' ? 'admin' : id.role;
}

/** Who to name in moderation records: the user's id, or "local". */
export function actorOf(id: Identity): string {
  return id.kind === 'user' ? id.user.id : 'local';
}

/** The Hono variables the session middleware sets. */
export type AuthEnv = { Variables: { identity: Identity } };
