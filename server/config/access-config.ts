import { z } from 'zod';

const ENV_NAME = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name');

/** An origin only: scheme, host and port, nothing after. */
export const PublicOrigin = z
  .url({ protocol: /^https?$/ })
  .transform((v) => v.replace(/\/$/, ''))
  .refine((v) => new URL(v).origin === v, 'an origin only (scheme://host[:port]), without a path');

const OidcConfig = z
  .object({
    /** The issuer identifier; its /.well-known/openid-configuration is read on first sign-in. */
    issuer: z.url(),
    clientId: z.string().min(1),
    /** The variable holding the client secret (never the secret itself); unset for a public client (PKCE only). */
    clientSecretEnv: ENV_NAME.default('VERSUS_OIDC_CLIENT_SECRET'),
    /** Shown on the sign-in button: "Sign in with …". */
    label: z.string().min(1).max(60).default('your organisation'),
    scopes: z.array(z.string().min(1)).default(['openid', 'email', 'profile']),
    /** Admins by verified email (email_verified must be true), by subject, or by a claim's value (a group). */
    adminEmails: z.array(z.string().min(3)).default([]),
    adminSubjects: z.array(z.string().min(1)).default([]),
    adminClaim: z
      .object({ name: z.string().min(1), value: z.string().min(1) })
      .strict()
      .optional(),
    /** Only these verified email domains may sign in (empty: anyone the provider signs in). */
    allowedEmailDomains: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type OidcConfig = z.infer<typeof OidcConfig>;

export const AccessConfig = z
  .object({
    /** local: no sign-in, the one user is admin (loopback only); team: shared secret and invite links; oidc: OpenID Connect. */
    mode: z.enum(['local', 'team', 'oidc']).default('local'),
    /** Let `local` mode listen on a non-loopback interface anyway: everyone who reaches the port is admin. */
    allowOpenNetwork: z.boolean().default(false),
    /** How long a sign-in lasts (team and oidc). */
    sessionDays: z.number().positive().max(3650).default(30),
    team: z
      .object({
        /** The variable holding the shared secret; unset or empty: invite links only. */
        secretEnv: ENV_NAME.default('VERSUS_TEAM_SECRET'),
      })
      .strict()
      .default({ secretEnv: 'VERSUS_TEAM_SECRET' }),
    oidc: OidcConfig.optional(),
  })
  .strict()
  .refine((a) => a.mode !== 'oidc' || a.oidc !== undefined, { message: 'access.mode "oidc" needs an access.oidc section', path: ['oidc'] });
export type AccessConfig = z.infer<typeof AccessConfig>;
