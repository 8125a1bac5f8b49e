import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { BattleStore } from '../../db/battle-store.ts';
import type { ModerationStore } from '../../db/moderation-store.ts';
import {
  ImportResponse,
  InviteCreated,
  InviteRequest,
  InvitesResponse,
  ReverseVoidRequest,
  SetRoleRequest,
  SuspiciousResponse,
  UsersResponse,
  VoidRequest,
  VoidResult,
  VoidScope,
  VoidsResponse,
  type InviteEntry,
} from '../../shared/admin.ts';
import type { InviteRecord } from '../../db/auth-store.ts';
import type { Auth } from '../auth/auth.ts';
import { jsonBody, requireContentType, requireRole } from '../auth/auth-middleware.ts';
import { actorOf, type AuthEnv } from '../auth/identity.ts';
import { createInvite, inviteLink } from '../auth/invites.ts';
import { IMPORT_SESSION } from '../exchange/from-clean-battle.ts';
import type { LeaderboardService } from '../leaderboard/leaderboard-service.ts';
import type { Logger } from '../logger.ts';
import { DEFAULT_SUSPICION_RULE, rankSuspicious } from '../moderation/rank-suspicious.ts';
import { voteMatchOf } from '../moderation/vote-match-of.ts';
import { importJsonlStream, LineTooLongError } from './import-jsonl-stream.ts';

export interface AdminRouteDeps {
  store: BattleStore;
  moderation: ModerationStore;
  auth: Auth;
  leaderboard: Pick<LeaderboardService, 'rebuild'>;
  log: Logger;
}

const toInviteEntry = (i: InviteRecord): InviteEntry => ({
  id: i.id,
  role: i.role,
  label: i.label,
  maxUses: i.maxUses,
  uses: i.uses,
  createdAt: i.createdAt,
  expiresAt: i.expiresAt,
  revoked: i.revokedAt !== null,
});

const intQuery = (v: string | undefined, fallback: number, min: number, max: number): number => {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new HTTPException(400, { message: `expected a whole number from ${min} to ${max}, got "${v}"` });
  return n;
};

/** /api/admin: moderation, suspicious activity, users, invites, import. Admins only, every route. */
export function createAdminRoutes(deps: AdminRouteDeps) {
  const { auth, leaderboard, log, moderation } = deps;
  const routes = new Hono<AuthEnv>();
  routes.use('*', requireRole('admin'));
  const json = [
    bodyLimit({
      maxSize: 64 * 1024,
      onError: () => {
        throw new HTTPException(413, { message: 'Request body too large' });
      },
    }),
    requireContentType('application/json'),
  ] as const;

  /** Who each id is, as admins read it: their users are read once per request, not once per row. */
  const actorNames = async (): Promise<(id: string) => string | null> => {
    const users = new Map((await auth.store.users()).map((u) => [u.id, u]));
    return (id) => {
      if (id === 'local') return 'local admin';
      if (id === 'import') return 'imported';
      const u = users.get(id);
      return u ? (u.name ?? u.email ?? null) : null;
    };
  };

  routes.get('/suspicious', async (c) => {
    const minVotes = intQuery(c.req.query('minVotes'), DEFAULT_SUSPICION_RULE.minVotes, 2, 100_000);
    const since = intQuery(c.req.query('since'), 0, 0, Number.MAX_SAFE_INTEGER);
    const rule = { ...DEFAULT_SUSPICION_RULE, minVotes };
    const { groups, compared } = rankSuspicious(await moderation.activity(since, IMPORT_SESSION), rule, await actorNames());
    return c.json(
      SuspiciousResponse.parse({
        rule: { ...rule, since: since || null },
        compared,
        groups: groups.slice(0, 200),
        flaggedBattles: await moderation.flaggedBattles(since),
      }),
    );
  });

  routes.post('/voids', ...json, async (c) => {
    const req = await jsonBody(c, VoidRequest);
    const match = voteMatchOf(req.scope, auth.hasher);
    if ('error' in match) throw new HTTPException(400, { message: match.error });
    const { ids, alreadyVoided } = await moderation.matchVotes(match, req.scope.from, req.scope.to);
    if (req.dryRun) return c.json(VoidResult.parse({ voidId: null, votes: ids.length, alreadyVoided }));
    if (ids.length === 0) throw new HTTPException(400, { message: 'No votes match this scope; nothing was voided' });
    const admin = actorOf(c.get('identity'));
    const voidId = await moderation.createVoid({
      createdAt: auth.now(),
      admin,
      reason: req.reason,
      scope: JSON.stringify(req.scope),
      voteIds: ids,
    });
    await leaderboard.rebuild();
    log.info(`votes voided: ${ids.length} by ${admin} (${req.scope.kind}): ${req.reason}`);
    return c.json(VoidResult.parse({ voidId, votes: ids.length, alreadyVoided }), 201);
  });

  routes.get('/voids', async (c) => {
    const [voids, nameOf] = await Promise.all([moderation.voids(), actorNames()]);
    const actor = (id: string) => ({ id, name: nameOf(id) });
    return c.json(
      VoidsResponse.parse({
        voids: voids.map((v) => ({
          id: v.id,
          createdAt: v.createdAt,
          by: actor(v.admin),
          reason: v.reason,
          scope: VoidScope.parse(JSON.parse(v.scope)),
          votes: v.votes,
          reversed: v.reversal ? { at: v.reversal.at, by: actor(v.reversal.admin), reason: v.reversal.reason } : null,
        })),
      }),
    );
  });

  routes.post('/voids/:id/reverse', ...json, async (c) => {
    const id = intQuery(c.req.param('id'), 0, 1, Number.MAX_SAFE_INTEGER);
    const { reason } = await jsonBody(c, ReverseVoidRequest);
    const outcome = await moderation.reverseVoid(id, { at: auth.now(), admin: actorOf(c.get('identity')), reason });
    if (outcome === 'missing') throw new HTTPException(404, { message: `No void ${id}` });
    if (outcome === 'already') throw new HTTPException(409, { message: `Void ${id} was already reversed` });
    await leaderboard.rebuild();
    return c.body(null, 204);
  });

  routes.get('/users', async (c) => {
    const [votes, byProvider, all] = await Promise.all([moderation.votesPerUser(), auth.store.claimAdmins(auth.now()), auth.store.users()]);
    const users = all.map((u) => ({
      adminByProvider: byProvider.has(u.id),
      id: u.id,
      provider: u.provider,
      email: u.email,
      name: u.name,
      role: u.role,
      createdAt: u.createdAt,
      votes: votes.get(u.id) ?? 0,
    }));
    return c.json(UsersResponse.parse({ users }));
  });

  routes.post('/users/:id/role', ...json, async (c) => {
    const { role } = await jsonBody(c, SetRoleRequest);
    const userId = c.req.param('id');
    const me = c.get('identity');
    if (role !== 'admin' && me.kind === 'user' && me.user.id === userId) {
      throw new HTTPException(409, { message: 'You cannot take your own admin role; ask another admin' });
    }
    if (!(await auth.store.setRole(userId, role))) throw new HTTPException(404, { message: 'No such user' });
    return c.body(null, 204);
  });

  routes.get('/invites', async (c) => c.json(InvitesResponse.parse({ invites: (await auth.store.invites()).map(toInviteEntry) })));

  routes.post('/invites', ...json, async (c) => {
    if (auth.mode !== 'team') throw new HTTPException(409, { message: 'Invite links work in team mode only (access.mode)' });
    const req = await jsonBody(c, InviteRequest);
    const { invite, token } = await createInvite(auth.store, { ...req, createdBy: actorOf(c.get('identity')) }, auth.now());
    return c.json(InviteCreated.parse({ invite: toInviteEntry(invite), token, link: inviteLink(auth.publicOrigin ?? '', token) }), 201);
  });

  routes.post('/invites/:id/revoke', ...json, async (c) => {
    if (!(await auth.store.revokeInvite(c.req.param('id'), auth.now())))
      throw new HTTPException(404, { message: 'No such invite, or already revoked' });
    return c.body(null, 204);
  });

  routes.post('/import', requireContentType('application/x-ndjson', 'application/jsonl', 'application/json-lines'), async (c) => {
    const body = c.req.raw.body;
    if (!body) throw new HTTPException(400, { message: 'Send clean-battle JSON Lines as the request body' });
    let report;
    try {
      report = await importJsonlStream(body, deps.store);
    } catch (e) {
      if (e instanceof LineTooLongError) throw new HTTPException(413, { message: e.message });
      throw e;
    } finally {
      // The planner's statistics first, so the board's queries are planned for the rows just written (nothing to
      // refresh when nothing was imported; after a failure, some may have been).
      if (!report || report.imported > 0) {
        await deps.store
          .refreshPlannerStatistics()
          .catch((e: unknown) => log.error('after the import, the planner statistics were not refreshed', e));
      }
      // Whatever was imported before a failure stays imported: the board must count it.
      await leaderboard.rebuild();
    }
    log.info(
      `import over HTTP by ${actorOf(c.get('identity'))}: ${report.imported} imported, ${report.duplicates} present, ${report.invalid.length} invalid`,
    );
    return c.json(ImportResponse.parse({ ...report, invalid: report.invalid.slice(0, 1000) }));
  });

  return routes;
}
