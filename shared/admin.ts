import { z } from 'zod';
import { Role, TOKEN_RE } from './auth.ts';

/** Admin API shapes (/api/admin): moderation, suspicious activity, users and invites. */

const Millis = z.number().int().nonnegative();
/** Optional time bounds on a scope: votes cast in [from, to), Unix milliseconds. */
const Bounds = { from: Millis.optional(), to: Millis.optional() };

export const VoidScope = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('battle'),
        battleIds: z
          .array(z.string().regex(/^[A-Za-z0-9_-]{1,100}$/))
          .min(1)
          .max(1000),
        ...Bounds,
      })
      .strict(),
    z
      .object({ kind: z.literal('session'), sessionHash: z.string().regex(/^[0-9a-f]{64}$/, 'a session hash (64 hex digits)'), ...Bounds })
      .strict(),
    z.object({ kind: z.literal('user'), userId: z.string().min(1).max(100), ...Bounds }).strict(),
    /** An address or a CIDR range (`203.0.113.0/24`, `2001:db8::/48`). */
    z.object({ kind: z.literal('address'), cidr: z.string().min(2).max(64), ...Bounds }).strict(),
    /** One address, by the keyed hash the suspicious-activity list shows. */
    z.object({ kind: z.literal('address-hash'), addressHash: z.string().regex(/^[A-Za-z0-9_-]{22}$/), ...Bounds }).strict(),
    z.object({ kind: z.literal('window'), from: Millis, to: Millis }).strict(),
  ])
  .refine((s) => s.from === undefined || s.to === undefined || s.from < s.to, { message: '`from` must be before `to`', path: ['to'] });
export type VoidScope = z.infer<typeof VoidScope>;

export const VoidRequest = z
  .object({
    scope: VoidScope,
    reason: z.string().trim().min(3).max(500),
    /** Count the votes it would cover; write nothing. */
    dryRun: z.boolean().default(false),
  })
  .strict();
export type VoidRequest = z.infer<typeof VoidRequest>;

export const VoidResult = z.object({
  /** Null on a dry run. */
  voidId: z.number().int().nullable(),
  /** Votes the scope covers. */
  votes: z.number().int().nonnegative(),
  /** Of those, how many an earlier void already covers. */
  alreadyVoided: z.number().int().nonnegative(),
});
export type VoidResult = z.infer<typeof VoidResult>;

export const Actor = z.object({ id: z.string(), name: z.string().nullable() });

export const VoidEntry = z.object({
  id: z.number().int(),
  createdAt: Millis,
  by: Actor,
  reason: z.string(),
  scope: VoidScope,
  votes: z.number().int().nonnegative(),
  reversed: z.object({ at: Millis, by: Actor, reason: z.string() }).nullable(),
});
export type VoidEntry = z.infer<typeof VoidEntry>;

export const VoidsResponse = z.object({ voids: z.array(VoidEntry) });
export type VoidsResponse = z.infer<typeof VoidsResponse>;

export const ReverseVoidRequest = z.object({ reason: z.string().trim().min(3).max(500) }).strict();

export const SuspicionKind = z.enum(['session', 'user', 'address']);
export type SuspicionKind = z.infer<typeof SuspicionKind>;

export const SuspiciousGroup = z.object({
  kind: SuspicionKind,
  /** Session hash, user id, or address hash: what a void by that kind takes. */
  key: z.string(),
  /** The user's name or email, when the group is a user. */
  label: z.string().nullable(),
  votes: z.number().int().positive(),
  firstAt: Millis,
  lastAt: Millis,
  /** Most votes in any 10 minutes. */
  peakPer10Min: z.number().int().positive(),
  /** Share of its decisive votes for its more frequent side (a or b); null under 5 decisive votes. */
  sideShare: z.number().nullable(),
  /** The model whose wins (ties half) are furthest from a fair coin's, in the coin's standard deviations, over its battles (at least 5). */
  topModel: z.object({ model: z.string(), winShare: z.number(), battles: z.number().int() }).nullable(),
  medianDecisionMs: z.number().nullable(),
  /** Robust z-scores against the other groups of its kind (see README: Moderation). */
  z: z.object({ rate: z.number(), oneSided: z.number(), fast: z.number() }),
  score: z.number(),
  flagged: z.boolean(),
  reasons: z.array(z.string()),
});
export type SuspiciousGroup = z.infer<typeof SuspiciousGroup>;

export const FlaggedBattle = z.object({
  battleId: z.string(),
  createdAt: Millis,
  mode: z.enum(['blind', 'named']),
  modelA: z.string(),
  modelB: z.string(),
  flagged: z.string(),
  choice: z.enum(['a', 'b', 'tie', 'both_bad']).nullable(),
  voided: z.boolean(),
});
export type FlaggedBattle = z.infer<typeof FlaggedBattle>;

export const SuspiciousResponse = z.object({
  rule: z.object({ minVotes: z.number().int(), threshold: z.number(), since: Millis.nullable() }),
  /** Groups per kind that met minVotes (the norm is their median). */
  compared: z.object({ session: z.number().int(), user: z.number().int(), address: z.number().int() }),
  /** Highest score first; only groups with at least minVotes votes not voided. */
  groups: z.array(SuspiciousGroup),
  flaggedBattles: z.array(FlaggedBattle),
});
export type SuspiciousResponse = z.infer<typeof SuspiciousResponse>;

export const UserEntry = z.object({
  id: z.string(),
  provider: z.enum(['invite', 'secret', 'oidc']),
  email: z.string().nullable(),
  name: z.string().nullable(),
  role: Role,
  /** Admin through the identity provider (access.oidc admin lists) while signed in, whatever `role` says. */
  adminByProvider: z.boolean(),
  createdAt: Millis,
  votes: z.number().int().nonnegative(),
});
export type UserEntry = z.infer<typeof UserEntry>;

export const UsersResponse = z.object({ users: z.array(UserEntry) });
export const SetRoleRequest = z.object({ role: Role }).strict();

export const InviteRequest = z
  .object({
    role: Role.default('voter'),
    /** How many people may sign in with the link (each becomes their own user). */
    uses: z.number().int().min(1).max(1000).default(1),
    days: z.number().positive().max(90).default(7),
    label: z.string().trim().min(1).max(60).optional(),
  })
  .strict();
export type InviteRequest = z.infer<typeof InviteRequest>;

export const InviteEntry = z.object({
  id: z.string(),
  role: Role,
  label: z.string().nullable(),
  maxUses: z.number().int(),
  uses: z.number().int(),
  createdAt: Millis,
  expiresAt: Millis,
  revoked: z.boolean(),
});
export type InviteEntry = z.infer<typeof InviteEntry>;

export const InviteCreated = z.object({
  invite: InviteEntry,
  /** Shown once: only the token's hash is stored. */
  token: z.string().regex(TOKEN_RE),
  link: z.string(),
});
export type InviteCreated = z.infer<typeof InviteCreated>;

export const InvitesResponse = z.object({ invites: z.array(InviteEntry) });

export const ImportResponse = z.object({
  imported: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  invalid: z.array(z.object({ line: z.number().int(), message: z.string() })),
});
export type ImportResponse = z.infer<typeof ImportResponse>;
