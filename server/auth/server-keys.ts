import { createHmac, randomBytes } from 'node:crypto';
import type { AuthStore } from '../../db/auth-store.ts';
import { ConfigError } from '../config/load-config.ts';

export interface ServerKeys {
  /** HMAC key for address hashes. */
  address: Buffer;
  /** Signs short-lived cookies (the OpenID Connect sign-in in progress). */
  cookie: string;
  /** VERSUS_SECRET gave the keys; otherwise a random secret kept in the database. */
  fromEnv: boolean;
}

export const MIN_SECRET_CHARS = 32;

/**
 * The server's keys, derived from one secret: VERSUS_SECRET when set (kept
 * apart from the database, so a copy of the database alone cannot reverse an
 * address hash), else a random secret made on first start and stored in the
 * database. Changing it changes every address hash from then on.
 */
export async function serverKeys(store: AuthStore, envSecret: string | undefined): Promise<ServerKeys> {
  if (envSecret !== undefined && envSecret.length < MIN_SECRET_CHARS) {
    throw new ConfigError(
      `VERSUS_SECRET is ${envSecret.length} characters; use at least ${MIN_SECRET_CHARS} random ones (openssl rand -base64 32)`,
    );
  }
  const master = envSecret || (await store.secret('master', () => randomBytes(32).toString('base64url')));
  const derive = (label: string) => createHmac('sha256', master).update(label).digest();
  return {
    address: derive('versus address hash v1'),
    cookie: derive('versus cookie signature v1').toString('base64url'),
    fromEnv: !!envSecret,
  };
}
