import { z } from 'zod';

/** Sign-in and identity shapes shared by the server's /auth routes and the page. */

export const Role = z.enum(['voter', 'admin']);
export type Role = z.infer<typeof Role>;

export const AccessMode = z.enum(['local', 'team', 'oidc']);
export type AccessMode = z.infer<typeof AccessMode>;

/** Invite and session tokens: 192 random bits, base64url. */
export const TOKEN_RE = /^[A-Za-z0-9_-]{32}$/;

export const AuthState = z.object({
  mode: AccessMode,
  /** Null: not signed in (team and oidc modes). In local mode, the one local user, an admin. */
  user: z
    .object({
      id: z.string().nullable(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      role: Role,
    })
    .nullable(),
  /** The ways to sign in this server offers. */
  signIn: z.object({ secret: z.boolean(), invite: z.boolean(), oidc: z.string().nullable() }),
});
export type AuthState = z.infer<typeof AuthState>;

export const SecretSignIn = z.object({ secret: z.string().min(1).max(1024) }).strict();
export type SecretSignIn = z.infer<typeof SecretSignIn>;

export const InviteSignIn = z
  .object({
    token: z.string().regex(TOKEN_RE, 'not an invite token'),
    /** How admins will see this person; the invite's label when absent. */
    name: z.string().trim().min(1).max(60).optional(),
  })
  .strict();
export type InviteSignIn = z.infer<typeof InviteSignIn>;
