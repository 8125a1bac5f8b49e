import type { Db } from './open-database.ts';

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

type Row = Record<string, unknown>;

const toUser = (r: Row): UserRecord => ({
  id: r.id as string,
  provider: r.provider as UserProvider,
  subject: r.subject as string,
  email: (r.email as string | null) ?? null,
  name: (r.name as string | null) ?? null,
  role: r.role as Role,
  createdAt: r.created_at as number,
});

const toInvite = (r: Row): InviteRecord => ({
  id: r.id as string,
  role: r.role as Role,
  label: (r.label as string | null) ?? null,
  maxUses: r.max_uses as number,
  uses: r.uses as number,
  createdBy: r.created_by as string,
  createdAt: r.created_at as number,
  expiresAt: r.expires_at as number,
  revokedAt: (r.revoked_at as number | null) ?? null,
});

/** Users, server-issued sessions (by token hash only), invites and the server's secrets. */
export class AuthStore {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      insertUser: db.prepare(
        `INSERT INTO users (id, provider, subject, email, name, role, created_at)
         VALUES (@id, @provider, @subject, @email, @name, @role, @createdAt)`,
      ),
      userById: db.prepare(`SELECT * FROM users WHERE id = ?`),
      userBySubject: db.prepare(`SELECT * FROM users WHERE provider = ? AND subject = ?`),
      updateProfile: db.prepare(`UPDATE users SET email = ?, name = ? WHERE id = ?`),
      setRole: db.prepare(`UPDATE users SET role = ? WHERE id = ?`),
      users: db.prepare(`SELECT * FROM users ORDER BY created_at, id`),
      adminCount: db.prepare(`SELECT count(*) AS n FROM users WHERE role = 'admin'`),
      insertSession: db.prepare(
        `INSERT INTO sessions (token_hash, user_id, admin_by_claims, created_at, expires_at)
         VALUES (@tokenHash, @userId, @adminByClaims, @createdAt, @expiresAt)`,
      ),
      liveSession: db.prepare(`SELECT * FROM sessions WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?`),
      revokeSession: db.prepare(`UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL`),
      revokeUserSessions: db.prepare(`UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`),
      claimAdmins: db.prepare(
        `SELECT DISTINCT user_id FROM sessions WHERE admin_by_claims = 1 AND revoked_at IS NULL AND expires_at > ? AND user_id IS NOT NULL`,
      ),
      pruneSessions: db.prepare(`DELETE FROM sessions WHERE expires_at <= ? OR revoked_at IS NOT NULL`),
      insertInvite: db.prepare(
        `INSERT INTO invites (id, token_hash, role, label, max_uses, created_by, created_at, expires_at)
         VALUES (@id, @tokenHash, @role, @label, @maxUses, @createdBy, @createdAt, @expiresAt)`,
      ),
      useInvite: db.prepare(
        `UPDATE invites SET uses = uses + 1
         WHERE token_hash = ? AND uses < max_uses AND revoked_at IS NULL AND expires_at > ? RETURNING *`,
      ),
      invites: db.prepare(`SELECT * FROM invites ORDER BY created_at DESC, id`),
      revokeInvite: db.prepare(`UPDATE invites SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`),
      secret: db.prepare(`SELECT value FROM server_secrets WHERE name = ?`),
      insertSecret: db.prepare(`INSERT OR IGNORE INTO server_secrets (name, value, created_at) VALUES (?, ?, ?)`),
    };
  }

  createUser(u: UserRecord): void {
    this.stmts.insertUser.run(u);
  }

  user(id: string): UserRecord | null {
    const r = this.stmts.userById.get(id) as Row | undefined;
    return r ? toUser(r) : null;
  }

  userBySubject(provider: UserProvider, subject: string): UserRecord | null {
    const r = this.stmts.userBySubject.get(provider, subject) as Row | undefined;
    return r ? toUser(r) : null;
  }

  updateProfile(id: string, email: string | null, name: string | null): void {
    this.stmts.updateProfile.run(email, name, id);
  }

  /** False when there is no such user. */
  setRole(id: string, role: Role): boolean {
    return this.stmts.setRole.run(role, id).changes === 1;
  }

  users(): UserRecord[] {
    return (this.stmts.users.all() as Row[]).map(toUser);
  }

  adminCount(): number {
    return (this.stmts.adminCount.get() as { n: number }).n;
  }

  createSession(s: SessionRecord): void {
    this.stmts.insertSession.run({ ...s, adminByClaims: s.adminByClaims ? 1 : 0 });
  }

  /** The session if it exists, is not revoked and has not expired. */
  liveSession(tokenHash: string, now: number): SessionRecord | null {
    const r = this.stmts.liveSession.get(tokenHash, now) as Row | undefined;
    if (!r) return null;
    return {
      tokenHash: r.token_hash as string,
      userId: (r.user_id as string | null) ?? null,
      adminByClaims: r.admin_by_claims === 1,
      createdAt: r.created_at as number,
      expiresAt: r.expires_at as number,
    };
  }

  revokeSession(tokenHash: string, now: number): void {
    this.stmts.revokeSession.run(now, tokenHash);
  }

  revokeUserSessions(userId: string, now: number): number {
    return this.stmts.revokeUserSessions.run(now, userId).changes;
  }

  /** Users whose live sessions the identity provider's claims made admin (access.oidc admin lists). */
  claimAdmins(now: number): Set<string> {
    return new Set((this.stmts.claimAdmins.all(now) as { user_id: string }[]).map((r) => r.user_id));
  }

  /** Sessions are not history: expired and revoked ones are deleted (battles and votes keep only the token's hash). */
  pruneSessions(now: number): number {
    return this.stmts.pruneSessions.run(now).changes;
  }

  createInvite(i: Omit<InviteRecord, 'uses' | 'revokedAt'> & { tokenHash: string }): void {
    this.stmts.insertInvite.run(i);
  }

  /** Takes one use of the invite, atomically; null when it is unknown, used up, revoked or expired. */
  useInvite(tokenHash: string, now: number): InviteRecord | null {
    const r = this.stmts.useInvite.get(tokenHash, now) as Row | undefined;
    return r ? toInvite(r) : null;
  }

  invites(): InviteRecord[] {
    return (this.stmts.invites.all() as Row[]).map(toInvite);
  }

  revokeInvite(id: string, now: number): boolean {
    return this.stmts.revokeInvite.run(now, id).changes === 1;
  }

  /** A named secret, created by `make` on first use and kept from then on. */
  secret(name: string, make: () => string): string {
    const found = this.stmts.secret.get(name) as { value: string } | undefined;
    if (found) return found.value;
    // INSERT OR IGNORE: two processes starting at once (the server and the admin CLI) agree on one value.
    this.stmts.insertSecret.run(name, make(), Date.now());
    return (this.stmts.secret.get(name) as { value: string }).value;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
