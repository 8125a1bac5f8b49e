import type { OidcConfig } from '../config/access-config.ts';

export type OidcClaims = Record<string, unknown>;

export type OidcVerdict = { allowed: true; admin: boolean; email: string | null; name: string | null } | { allowed: false; reason: string };

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/**
 * Whether the provider's claims let this person in, and as what. An email
 * counts only when the provider says it is verified (`email_verified: true`):
 * an unverified address proves nothing about who signed in.
 */
export function oidcVerdict(
  claims: OidcClaims,
  cfg: Pick<OidcConfig, 'adminEmails' | 'adminSubjects' | 'adminClaim' | 'allowedEmailDomains'>,
): OidcVerdict {
  const sub = str(claims.sub);
  if (!sub) return { allowed: false, reason: 'the identity provider sent no subject' };
  const email = str(claims.email)?.toLowerCase() ?? null;
  const verifiedEmail = claims.email_verified === true ? email : null;
  if (cfg.allowedEmailDomains.length > 0) {
    const domain = verifiedEmail?.split('@')[1];
    if (!domain || !cfg.allowedEmailDomains.some((d) => d.toLowerCase() === domain)) {
      return { allowed: false, reason: `only verified addresses at ${cfg.allowedEmailDomains.join(', ')} may sign in here` };
    }
  }
  const claim = cfg.adminClaim ? claims[cfg.adminClaim.name] : undefined;
  const claimSays =
    cfg.adminClaim !== undefined && (Array.isArray(claim) ? claim.includes(cfg.adminClaim.value) : claim === cfg.adminClaim.value);
  const admin =
    cfg.adminSubjects.includes(sub) ||
    (verifiedEmail !== null && cfg.adminEmails.some((e) => e.toLowerCase() === verifiedEmail)) ||
    claimSays;
  const name = str(claims.name) ?? str(claims.preferred_username) ?? email;
  return { allowed: true, admin, email, name };
}
