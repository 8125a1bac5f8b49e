import { addressBucket } from '../net/address-bucket.ts';
import type { Context } from 'hono';
import type { AuthStore, Role } from '../../db/auth-store.ts';
import type { AuthState } from '../../shared/auth.ts';
import type { ClientIdentity } from '../arena/client-identity.ts';
import { hashSession, newSessionToken } from '../arena/session-ids.ts';
import type { AccessConfig } from '../config/access-config.ts';
import { ConfigError } from '../config/load-config.ts';
import { TokenBuckets } from '../limits/token-bucket.ts';
import { AddressHasher } from '../moderation/address-hasher.ts';
import type { Identity } from './identity.ts';
import { OidcSignIn } from './oidc-sign-in.ts';
import { serverKeys, type ServerKeys } from './server-keys.ts';
import { clearSessionCookie, readSessionToken, writeSessionCookie } from './session-cookie.ts';
import { Sessions } from './sessions.ts';

const DAY_MS = 86_400_000;
/** A local-mode session only keeps a person's battles across reloads; it grants nothing, so it may live long. */
const LOCAL_SESSION_MS = 365 * DAY_MS;
export const MIN_TEAM_SECRET_CHARS = 16;

export interface AuthOptions {
  access: AccessConfig;
  /** server.publicOrigin, when configured. */
  publicOrigin: string | undefined;
  store: AuthStore;
  /** The raw environment: VERSUS_SECRET, the team secret and the OIDC client secret are read from it. */
  secrets: Record<string, string | undefined>;
  /** Whether a request reached Versus over https (directly, or through a trusted proxy that says so); see README. */
  isHttps?: (c: Context) => boolean;
  now?: () => number;
}

/**
 * Access control in one place: the mode, the sessions and who holds them,
 * the ways to sign in, and the keyed address hashes. Routes and the
 * websocket ask it who a request is (`identify`); nothing else reads cookies.
 */
export class Auth {
  readonly mode: AccessConfig['mode'];
  readonly store: AuthStore;
  readonly sessions: Sessions;
  readonly hasher: AddressHasher;
  readonly keys: ServerKeys;
  readonly teamSecret: string | null;
  readonly oidc: OidcSignIn | null;
  /** Sign-in attempts per address: guessing the shared secret or invite tokens is slow. */
  readonly signInLimit = new TokenBuckets({ burst: 10, perMinute: 10 });
  /** New anonymous sessions per address (local mode): each is a row in the database. */
  readonly sessionLimit = new TokenBuckets({ burst: 60, perMinute: 30 });
  readonly now: () => number;
  private origin: string | undefined;

  /** Reads (or on first start makes) the server's secret and prunes dead sessions; rejects on a bad setting. */
  static async open(opts: AuthOptions): Promise<Auth> {
    const auth = new Auth(opts, await serverKeys(opts.store, opts.secrets.VERSUS_SECRET));
    await auth.store.pruneSessions(auth.now());
    return auth;
  }

  private constructor(
    private readonly opts: AuthOptions,
    keys: ServerKeys,
  ) {
    this.mode = opts.access.mode;
    this.now = opts.now ?? Date.now;
    this.origin = opts.publicOrigin;
    this.store = opts.store;
    this.sessions = new Sessions(this.store, this.now);
    this.keys = keys;
    this.hasher = new AddressHasher(this.keys.address);
    const secret = opts.secrets[opts.access.team.secretEnv];
    if (this.mode === 'team' && secret && secret.length < MIN_TEAM_SECRET_CHARS) {
      throw new ConfigError(
        `${opts.access.team.secretEnv} is ${secret.length} characters; a shared secret needs at least ${MIN_TEAM_SECRET_CHARS} (unset it to use invite links only)`,
      );
    }
    this.teamSecret = this.mode === 'team' && secret ? secret : null;
    const oidc = opts.access.oidc;
    this.oidc = this.mode === 'oidc' && oidc ? new OidcSignIn(oidc, opts.secrets[oidc.clientSecretEnv] || undefined) : null;
  }

  get access(): AccessConfig {
    return this.opts.access;
  }

  /** Where people reach Versus: server.publicOrigin, else the address it listens on (known once it listens). */
  get publicOrigin(): string | undefined {
    return this.origin;
  }

  setListeningOrigin(origin: string): void {
    this.origin ??= origin;
  }

  isHttps(c: Context): boolean {
    if (this.opts.isHttps?.(c)) return true;
    return this.opts.publicOrigin?.startsWith('https:') === true || new URL(c.req.url).protocol === 'https:';
  }

  async identify(c: Context): Promise<Identity> {
    const token = readSessionToken(c, this.isHttps(c));
    const live = token ? await this.sessions.resolve(token) : null;
    if (this.mode === 'local') return { kind: 'local', sessionHash: live?.sessionHash ?? null };
    if (!live?.user) return { kind: 'anonymous' };
    const role: Role = live.user.role === 'admin' || live.session.adminByClaims ? 'admin' : 'voter';
    return { kind: 'user', sessionHash: live.sessionHash, user: live.user, role };
  }

  /**
   * Issues a session for `userId` (null: an anonymous local one) and sets its
   * cookie. A session the browser held before ends here: a sign-in always
   * gets a fresh token, so a token planted before it is worth nothing after.
   */
  async startSession(c: Context, userId: string | null, adminByClaims = false): Promise<string> {
    const previous = readSessionToken(c, this.isHttps(c));
    if (previous) await this.sessions.revoke(previous);
    const ttl = userId === null ? LOCAL_SESSION_MS : this.opts.access.sessionDays * DAY_MS;
    const { token } = await this.sessions.issue(userId, ttl, adminByClaims);
    writeSessionCookie(c, token, ttl / 1000, this.isHttps(c));
    return hashSession(token);
  }

  async endSession(c: Context): Promise<void> {
    const secure = this.isHttps(c);
    const token = readSessionToken(c, secure);
    if (token) await this.sessions.revoke(token);
    clearSessionCookie(c, secure);
  }

  /** Who a websocket client is to the arena: its session (a fresh one for this connection if it has none), user, hashed address and rate-limit key. */
  clientIdentity(id: Identity, address: string): ClientIdentity {
    const sessionHash = (id.kind === 'anonymous' ? null : id.sessionHash) ?? hashSession(newSessionToken());
    const userId = id.kind === 'user' ? id.user.id : null;
    return {
      sessionHash,
      userId,
      address: this.hasher.fingerprint(address),
      // IPv6 clients are counted per /64: one subscriber holds the whole block.
      limitKey: userId ? `user:${userId}` : `address:${addressBucket(address)}`,
    };
  }

  state(id: Identity): AuthState {
    const signIn = {
      secret: this.teamSecret !== null,
      invite: this.mode === 'team',
      oidc: this.oidc ? this.opts.access.oidc!.label : null,
    };
    if (id.kind === 'anonymous') return { mode: this.mode, user: null, signIn };
    if (id.kind === 'local') return { mode: this.mode, user: { id: null, name: null, email: null, role: 'admin' }, signIn };
    return { mode: this.mode, user: { id: id.user.id, name: id.user.name, email: id.user.email, role: id.role }, signIn };
  }
}
