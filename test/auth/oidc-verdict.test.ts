import { describe, expect, it } from 'vitest';
import { oidcVerdict } from '../../server/auth/oidc-verdict.ts';

const cfg = { adminEmails: ['Boss@Example.com'], adminSubjects: ['sub-root'], allowedEmailDomains: [] as string[] };

describe('who an OpenID Connect sign-in is', () => {
  it('makes an admin of a listed email only when the provider verified it', () => {
    expect(oidcVerdict({ sub: 's1', email: 'boss@example.com', email_verified: true }, cfg)).toMatchObject({ allowed: true, admin: true });
    expect(oidcVerdict({ sub: 's1', email: 'boss@example.com', email_verified: false }, cfg)).toMatchObject({
      allowed: true,
      admin: false,
    });
    expect(oidcVerdict({ sub: 's1', email: 'boss@example.com' }, cfg)).toMatchObject({ allowed: true, admin: false });
  });

  it('makes an admin by subject, or by a claim that holds the configured value', () => {
    expect(oidcVerdict({ sub: 'sub-root' }, cfg)).toMatchObject({ admin: true });
    const byGroup = { ...cfg, adminClaim: { name: 'groups', value: 'versus-admins' } };
    expect(oidcVerdict({ sub: 'x', groups: ['staff', 'versus-admins'] }, byGroup)).toMatchObject({ admin: true });
    expect(oidcVerdict({ sub: 'x', groups: ['staff'] }, byGroup)).toMatchObject({ admin: false });
    expect(oidcVerdict({ sub: 'x', groups: 'versus-admins' }, byGroup)).toMatchObject({ admin: true });
  });

  it('keeps out addresses outside the allowed domains, and a sign-in without a subject', () => {
    const only = { ...cfg, allowedEmailDomains: ['example.com'] };
    expect(oidcVerdict({ sub: 'a', email: 'a@example.com', email_verified: true }, only)).toMatchObject({ allowed: true });
    expect(oidcVerdict({ sub: 'a', email: 'a@elsewhere.org', email_verified: true }, only)).toMatchObject({ allowed: false });
    expect(oidcVerdict({ sub: 'a', email: 'a@example.com', email_verified: false }, only)).toMatchObject({ allowed: false });
    expect(oidcVerdict({ email: 'a@example.com' }, cfg)).toMatchObject({ allowed: false, reason: 'the identity provider sent no subject' });
  });
});
