import type { AuthStore, InviteRecord, Role, SessionRecord, UserProvider, UserRecord } from '../auth-store.ts';
import { toInvite, toSession, toUser } from '../row-readers.ts';
import { statement, type PgDatabase } from './pg-database.ts';

const Q = {
  insertUser: statement(
    'insert_user',
    `INSERT INTO users (id, provider, subject, email, name, role, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
  ),
  userById: statement('user_by_id', `SELECT * FROM users WHERE id = $1`),
  userBySubject: statement('user_by_subject', `SELECT * FROM users WHERE provider = $1 AND subject = $2`),
  updateProfile: statement('update_profile', `UPDATE users SET email = $1, name = $2 WHERE id = $3`),
  setRole: statement('set_role', `UPDATE users SET role = $1 WHERE id = $2`),
  users: statement('users', `SELECT * FROM users ORDER BY created_at, id`),
  adminCount: statement('admin_count', `SELECT count(*) AS n FROM users WHERE role = 'admin'`),
  insertSession: statement(
    'insert_session',
    `INSERT INTO sessions (token_hash, user_id, admin_by_claims, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
  ),
  liveSession: statement('live_session', `SELECT * FROM sessions WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2`),
  revokeSession: statement('revoke_session', `UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL`),
  revokeUserSessions: statement('revoke_user_sessions', `UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`),
  claimAdmins: statement(
    'claim_admins',
    `SELECT DISTINCT user_id FROM sessions WHERE admin_by_claims AND revoked_at IS NULL AND expires_at > $1 AND user_id IS NOT NULL`,
  ),
  pruneSessions: statement('prune_sessions', `DELETE FROM sessions WHERE expires_at <= $1 OR revoked_at IS NOT NULL`),
  insertInvite: statement(
    'insert_invite',
    `INSERT INTO invites (id, token_hash, role, label, max_uses, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
  ),
  // A row lock: two people redeeming the last use at once are served one after the other, and the second finds it used up.
  useInvite: statement(
    'use_invite',
    `UPDATE invites SET uses = uses + 1 WHERE token_hash = $1 AND uses < max_uses AND revoked_at IS NULL AND expires_at > $2 RETURNING *`,
  ),
  invites: statement('invites', `SELECT * FROM invites ORDER BY created_at DESC, id`),
  revokeInvite: statement('revoke_invite', `UPDATE invites SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`),
  secret: statement('secret', `SELECT value FROM server_secrets WHERE name = $1`),
  insertSecret: statement(
    'insert_secret',
    `INSERT INTO server_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING`,
  ),
};

const userValues = (u: UserRecord) => [u.id, u.provider, u.subject, u.email, u.name, u.role, u.createdAt];

/** The auth store on PostgreSQL. */
export class PgAuthStore implements AuthStore {
  constructor(private readonly db: PgDatabase) {}

  async createUser(u: UserRecord): Promise<void> {
    await this.db.run(Q.insertUser, userValues(u));
  }

  async user(id: string): Promise<UserRecord | null> {
    const [r] = await this.db.rows(Q.userById, [id]);
    return r ? toUser(r) : null;
  }

  async userBySubject(provider: UserProvider, subject: string): Promise<UserRecord | null> {
    const [r] = await this.db.rows(Q.userBySubject, [provider, subject]);
    return r ? toUser(r) : null;
  }

  async updateProfile(id: string, email: string | null, name: string | null): Promise<void> {
    await this.db.run(Q.updateProfile, [email, name, id]);
  }

  async setRole(id: string, role: Role): Promise<boolean> {
    return (await this.db.run(Q.setRole, [role, id])) === 1;
  }

  async users(): Promise<UserRecord[]> {
    return (await this.db.rows(Q.users)).map(toUser);
  }

  async adminCount(): Promise<number> {
    const [r] = await this.db.rows(Q.adminCount);
    return Number(r?.n ?? 0);
  }

  async createSession(s: SessionRecord): Promise<void> {
    await this.db.run(Q.insertSession, [s.tokenHash, s.userId, s.adminByClaims, s.createdAt, s.expiresAt]);
  }

  async liveSession(tokenHash: string, now: number): Promise<SessionRecord | null> {
    const [r] = await this.db.rows(Q.liveSession, [tokenHash, now]);
    return r ? toSession(r) : null;
  }

  async revokeSession(tokenHash: string, now: number): Promise<void> {
    await this.db.run(Q.revokeSession, [now, tokenHash]);
  }

  revokeUserSessions(userId: string, now: number): Promise<number> {
    return this.db.run(Q.revokeUserSessions, [now, userId]);
  }

  async claimAdmins(now: number): Promise<Set<string>> {
    return new Set((await this.db.rows(Q.claimAdmins, [now])).map((r) => r.user_id as string));
  }

  pruneSessions(now: number): Promise<number> {
    return this.db.run(Q.pruneSessions, [now]);
  }

  async createInvite(i: Omit<InviteRecord, 'uses' | 'revokedAt'> & { tokenHash: string }): Promise<void> {
    await this.db.run(Q.insertInvite, [i.id, i.tokenHash, i.role, i.label, i.maxUses, i.createdBy, i.createdAt, i.expiresAt]);
  }

  redeemInvite(tokenHash: string, now: number, userFor: (invite: InviteRecord) => UserRecord): Promise<UserRecord | null> {
    return this.db.transaction(async (tx) => {
      const [r] = await tx.rows(Q.useInvite, [tokenHash, now]);
      if (!r) return null;
      const user = userFor(toInvite(r));
      await tx.run(Q.insertUser, userValues(user));
      return user;
    });
  }

  async invites(): Promise<InviteRecord[]> {
    return (await this.db.rows(Q.invites)).map(toInvite);
  }

  async revokeInvite(id: string, now: number): Promise<boolean> {
    return (await this.db.run(Q.revokeInvite, [now, id])) === 1;
  }

  async secret(name: string, make: () => string): Promise<string> {
    const [found] = await this.db.rows(Q.secret, [name]);
    if (found) return found.value as string;
    // ON CONFLICT DO NOTHING: nodes starting at once agree on the first value written.
    await this.db.run(Q.insertSecret, [name, make(), Date.now()]);
    const [kept] = await this.db.rows(Q.secret, [name]);
    return kept!.value as string;
  }
}
