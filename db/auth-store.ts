export type Role = 'voter' | 'admin';
export type UserProvider = 'invite' | 'secret' | 'oidc';

export interface UserRecord {
  id: string;
  provider: UserProvider;
  /** Who the user is at the provider: the OIDC issuer and subject, the invite id, or a random id for the shared secret. */
  subject: string;
  email: string | null;
  name: string | null;
  role: Role;
  createdAt: number;
}

export interface SessionRecord {
  tokenHash: string;
  userId: string | null;
  /** The identity provider's claims made this session an admin's (see access.oidc). */
  adminByClaims: boolean;
  createdAt: number;
  expiresAt: number;
}

export interface InviteRecord {
  id: string;
  role: Role;
  label: string | null;
  maxUses: number;
  uses: number;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

/**
 * Users, server-issued sessions (by token hash only), invites and the
 * server's secrets. Asynchronous like every store (db/battle-store.ts says why).
 */
export interface AuthStore {
  createUser(u: UserRecord): Promise<void>;
  user(id: string): Promise<UserRecord | null>;
  userBySubject(provider: UserProvider, subject: string): Promise<UserRecord | null>;
  updateProfile(id: string, email: string | null, name: string | null): Promise<void>;
  /** False when there is no such user. */
  setRole(id: string, role: Role): Promise<boolean>;
  users(): Promise<UserRecord[]>;
  adminCount(): Promise<number>;

  createSession(s: SessionRecord): Promise<void>;
  /** The session if it exists, is not revoked and has not expired. */
  liveSession(tokenHash: string, now: number): Promise<SessionRecord | null>;
  revokeSession(tokenHash: string, now: number): Promise<void>;
  revokeUserSessions(userId: string, now: number): Promise<number>;
  /** Users whose live sessions the identity provider's claims made admin (access.oidc admin lists). */
  claimAdmins(now: number): Promise<Set<string>>;
  /** Sessions are not history: expired and revoked ones are deleted (battles and votes keep only the token's hash). */
  pruneSessions(now: number): Promise<number>;

  createInvite(i: Omit<InviteRecord, 'uses' | 'revokedAt'> & { tokenHash: string }): Promise<void>;
  /**
   * Takes one use of the invite and creates the user `userFor` makes of it,
   * in one transaction; null (and nothing written) when the invite is
   * unknown, used up, revoked or expired. Two people redeeming the last use
   * at once: one gets it.
   */
  redeemInvite(tokenHash: string, now: number, userFor: (invite: InviteRecord) => UserRecord): Promise<UserRecord | null>;
  invites(): Promise<InviteRecord[]>;
  revokeInvite(id: string, now: number): Promise<boolean>;

  /** A named secret, created by `make` on first use and kept from then on; processes starting at once agree on one value. */
  secret(name: string, make: () => string): Promise<string>;
}
