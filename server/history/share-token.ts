import { createHash, randomBytes } from 'node:crypto';

/** 192 random bits: a share link cannot be guessed. */
export function newShareToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Only this is stored: a leaked database does not hand out the links. */
export function hashShareToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export const SHARE_TOKEN_RE = /^[A-Za-z0-9_-]{32}$/;
