import { createHash, randomBytes } from 'node:crypto';

/** 192 random bits: battle ids and session tokens cannot be guessed or enumerated. */
export function newBattleId(): string {
  return randomBytes(24).toString('base64url');
}

export function newSessionToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The database keeps only a hash of the session token, so a leaked database cannot cast votes. */
export function hashSession(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export const SESSION_TOKEN_RE = /^[A-Za-z0-9_-]{32}$/;
