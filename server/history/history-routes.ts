import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { BattleView, HistoryResponse, ShareResponse } from '../../shared/battle-view.ts';
import type { BattleStore, BattleWithDetails } from '../../db/battle-store.ts';
import type { ModelCatalog } from '../catalog/model-catalog.ts';
import { buildBattleSummary, buildBattleView } from './build-battle-view.ts';
import { hashShareToken, newShareToken, SHARE_TOKEN_RE } from './share-token.ts';

export interface HistoryDeps {
  store: BattleStore;
  catalog: ModelCatalog;
  /** The hash of the session making the request, or null when it has none. */
  sessionOf: (c: Context) => string | null;
}

const Page = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  /** `<createdAt>.<id>` of the last battle of the previous page. */
  before: z
    .string()
    .regex(/^\d{1,16}\.[A-Za-z0-9_-]{1,64}$/)
    .optional(),
});

const BATTLE_ID = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * A session's own battles (`/api/battles`), each one in full, and read-only
 * share links. A battle is private: another session, like a wrong id, gets
 * 404, so the answer does not even say that the battle exists.
 */
export function createHistoryRoutes(deps: HistoryDeps) {
  const app = new Hono();

  const owned = async (c: Context): Promise<BattleWithDetails> => {
    const id = c.req.param('id') ?? '';
    const session = deps.sessionOf(c);
    const d = BATTLE_ID.test(id) && session ? await deps.store.getBattle(id) : null;
    if (!d || d.battle.sessionHash !== session) throw new HTTPException(404, { message: 'No such battle' });
    return d;
  };

  app.get('/', async (c) => {
    const session = deps.sessionOf(c);
    const page = Page.safeParse(c.req.query());
    if (!page.success) throw new HTTPException(400, { message: 'limit must be 1–50; before must be a cursor from an earlier page' });
    if (!session) return c.json(HistoryResponse.parse({ battles: [], next: null }));
    const [at, id] = page.data.before?.split('.') ?? [];
    const cursor = at && id ? { createdAt: Number(at), id } : undefined;
    const rows = await deps.store.sessionBattles(session, page.data.limit, cursor);
    const metrics = await Promise.all(rows.map((r) => deps.store.answerMetrics(r.battle.id)));
    const battles = rows.map((r, i) => buildBattleSummary(r, metrics[i]!, deps.catalog));
    const last = rows.at(-1);
    const next = rows.length === page.data.limit && last ? `${last.battle.createdAt}.${last.battle.id}` : null;
    return c.json(HistoryResponse.parse({ battles, next }));
  });

  app.get('/:id', async (c) => {
    const d = await owned(c);
    const [replaced, shared] = await Promise.all([deps.store.replacedResponses(d.battle.id), deps.store.isShared(d.battle.id)]);
    const view = await buildBattleView(d, replaced, deps.catalog, { readOnly: false, shared });
    return c.json(BattleView.parse(view));
  });

  // A new link each time: the previous one stops working, so a link given too widely can be withdrawn.
  app.post('/:id/share', async (c) => {
    const d = await owned(c);
    const token = newShareToken();
    await deps.store.setShareHash(d.battle.id, hashShareToken(token));
    return c.json(ShareResponse.parse({ path: `#/shared/${token}` }));
  });

  app.delete('/:id/share', async (c) => {
    const d = await owned(c);
    await deps.store.setShareHash(d.battle.id, null);
    return c.body(null, 204);
  });

  return app;
}

/** `GET /api/shared/:token`: the battle a live share link points at, read-only. */
export function createSharedRoutes(deps: Pick<HistoryDeps, 'store' | 'catalog'>) {
  const app = new Hono();
  app.get('/:token', async (c) => {
    const token = c.req.param('token');
    const id = SHARE_TOKEN_RE.test(token) ? await deps.store.battleIdByShareHash(hashShareToken(token)) : null;
    const d = id ? await deps.store.getBattle(id) : null;
    if (!d) throw new HTTPException(404, { message: 'This link does not lead to a battle (it may have been withdrawn)' });
    return c.json(
      BattleView.parse(await buildBattleView(d, await deps.store.replacedResponses(d.battle.id), deps.catalog, { readOnly: true })),
    );
  });
  return app;
}
