import { randomBytes } from 'node:crypto';
import type { AuthStore, InviteRecord, Role, UserRecord } from '../../db/auth-store.ts';
import { hashSession, newSessionToken } from '../arena/session-ids.ts';

const DAY_MS = 86_400_000;

export interface NewInvite {
  role: Role;
  uses: number;
  days: number;
  label?: string | undefined;
  createdBy: string;
}

/**
 * An invite link: `uses` people may sign in with it (one by default), each
 * becoming a user of their own with the invite's role, until it expires or is
 * revoked. The token is shown once; only its hash is stored.
 */
export async function createInvite(store: AuthStore, i: NewInvite, now = Date.now()): Promise<{ invite: InviteRecord; token: string }> {
  const token = newSessionToken();
  const invite: InviteRecord = {
    id: randomBytes(9).toString('base64url'),
    role: i.role,
    label: i.label ?? null,
    maxUses: i.uses,
    uses: 0,
    createdBy: i.createdBy,
    createdAt: now,
    expiresAt: now + Math.round(i.days * DAY_MS),
    revokedAt: null,
  };
  await store.createInvite({ ...invite, tokenHash: hashSession(token) });
  return { invite, token };
}

/** The link a person opens: the token rides in the fragment, which browsers never send to a server or a proxy log. */
export function inviteLink(baseUrl: string, token: string): string {
  return `${baseUrl}/#/join/${token}`;
}

/** Takes one use of the invite and makes its user, in one transaction; null when the token is no (longer a) valid invite. */
export function redeemInvite(store: AuthStore, token: string, name: string | undefined, now = Date.now()): Promise<UserRecord | null> {
  return store.redeemInvite(hashSession(token), now, (invite) => ({
    id: randomBytes(9).toString('base64url'),
    provider: 'invite',
    subject: `${invite.id}#${invite.uses}`,
    email: null,
    name: name ?? invite.label,
    role: invite.role,
    createdAt: now,
  }));
}
