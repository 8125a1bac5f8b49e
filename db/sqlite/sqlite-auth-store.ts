import type { Db } from './open-database.ts';
import { settled } from './settled.ts';
import type { AuthStore, InviteRecord, Role, SessionRecord, UserProvider, UserRecord } from '../auth-store.ts';
import { toInvite, toSession, toUser, type Row } from '../row-readers.ts';

/** The auth store on SQLite: prepared statements; each method's work is done when it returns (db/sqlite/settled.ts). */
export class SqliteAuthStore implements AuthStore {
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

  createUser(u: UserRecord): Promise<void> {
    return settled(() => {
      this.stmts.insertUser.run(u);
    });
  }

  user(id: string): Promise<UserRecord | null> {
    return settled(() => {
      const r = this.stmts.userById.get(id) as Row | undefined;
      return r ? toUser(r) : null;
    });
  }

  userBySubject(provider: UserProvider, subject: string): Promise<UserRecord | null> {
    return settled(() => {
      const r = this.stmts.userBySubject.get(provider, subject) as Row | undefined;
      return r ? toUser(r) : null;
    });
  }

  updateProfile(id: string, email: string | null, name: string | null): Promise<void> {
    return settled(() => {
      this.stmts.updateProfile.run(email, name, id);
    });
  }

  setRole(id: string, role: Role): Promise<boolean> {
    return settled(() => this.stmts.setRole.run(role, id).changes === 1);
  }

  users(): Promise<UserRecord[]> {
    return settled(() => (this.stmts.users.all() as Row[]).map(toUser));
  }

  adminCount(): Promise<number> {
    return settled(() => Number((this.stmts.adminCount.get() as { n: number }).n));
  }

  createSession(s: SessionRecord): Promise<void> {
    return settled(() => {
      this.stmts.insertSession.run({ ...s, adminByClaims: s.adminByClaims ? 1 : 0 });
    });
  }

  liveSession(tokenHash: string, now: number): Promise<SessionRecord | null> {
    return settled(() => {
      const r = this.stmts.liveSession.get(tokenHash, now) as Row | undefined;
      return r ? toSession(r) : null;
    });
  }

  revokeSession(tokenHash: string, now: number): Promise<void> {
    return settled(() => {
      this.stmts.revokeSession.run(now, tokenHash);
    });
  }

  revokeUserSessions(userId: string, now: number): Promise<number> {
    return settled(() => this.stmts.revokeUserSessions.run(now, userId).changes);
  }

  claimAdmins(now: number): Promise<Set<string>> {
    return settled(() => new Set((this.stmts.claimAdmins.all(now) as { user_id: string }[]).map((r) => r.user_id)));
  }

  pruneSessions(now: number): Promise<number> {
    return settled(() => this.stmts.pruneSessions.run(now).changes);
  }

  createInvite(i: Omit<InviteRecord, 'uses' | 'revokedAt'> & { tokenHash: string }): Promise<void> {
    return settled(() => {
      this.stmts.insertInvite.run(i);
    });
  }

  redeemInvite(tokenHash: string, now: number, userFor: (invite: InviteRecord) => UserRecord): Promise<UserRecord | null> {
    return settled(() =>
      this.db.transaction(() => {
        const r = this.stmts.useInvite.get(tokenHash, now) as Row | undefined;
        if (!r) return null;
        const user = userFor(toInvite(r));
        this.stmts.insertUser.run(user);
        return user;
      })(),
    );
  }

  invites(): Promise<InviteRecord[]> {
    return settled(() => (this.stmts.invites.all() as Row[]).map(toInvite));
  }

  revokeInvite(id: string, now: number): Promise<boolean> {
    return settled(() => this.stmts.revokeInvite.run(now, id).changes === 1);
  }

  secret(name: string, make: () => string): Promise<string> {
    return settled(() => {
      const found = this.stmts.secret.get(name) as { value: string } | undefined;
      if (found) return found.value;
      // INSERT OR IGNORE: two processes starting at once (the server and the admin CLI) agree on one value.
      this.stmts.insertSecret.run(name, make(), Date.now());
      return (this.stmts.secret.get(name) as { value: string }).value;
    });
  }
}
