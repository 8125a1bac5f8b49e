import type { AuthStore, SessionRecord, UserRecord } from '../../db/auth-store.ts';
import { hashSession, newSessionToken } from '../arena/session-ids.ts';

export interface LiveSession {
  sessionHash: string;
  session: SessionRecord;
  user: UserRecord | null;
}

/**
 * Server-issued sessions: a random token goes to the client in an HttpOnly
 * cookie and only its SHA-256 is stored. A token the server did not issue, or
 * one revoked or expired, resolves to nothing: a client cannot pick its session.
 */
export class Sessions {
  private issued = 0;

  constructor(
    private readonly store: AuthStore,
    private readonly now: () => number = Date.now,
  ) {}

  async issue(userId: string | null, ttlMs: number, adminByClaims = false): Promise<{ token: string; expiresAt: number }> {
    const token = newSessionToken();
    const now = this.now();
    const expiresAt = now + ttlMs;
    await this.store.createSession({ tokenHash: hashSession(token), userId, adminByClaims, createdAt: now, expiresAt });
    // Expired and revoked rows go now and then, so the table follows live sessions.
    if (++this.issued % 1000 === 0) await this.store.pruneSessions(now);
    return { token, expiresAt };
  }

  async resolve(token: string): Promise<LiveSession | null> {
    const sessionHash = hashSession(token);
    const session = await this.store.liveSession(sessionHash, this.now());
    if (!session) return null;
    const user = session.userId ? await this.store.user(session.userId) : null;
    // A session of a user who no longer exists is no session.
    if (session.userId && !user) return null;
    return { sessionHash, session, user };
  }

  async revoke(token: string): Promise<void> {
    await this.store.revokeSession(hashSession(token), this.now());
  }
}
