import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { LeaderboardResponse, RatingsMode } from '../../shared/api.ts';
import {
  CategoriesResponse,
  CategoryKey,
  CategoryLeaderboardResponse,
  ControlKind,
  SpeedChartsResponse,
  type ControlFit,
} from '../../shared/category-api.ts';
import type { BattleStore } from '../../db/battle-store.ts';
import type { AuthEnv } from '../auth/identity.ts';
import type { ModelCatalog } from '../catalog/model-catalog.ts';
import { CLASSIFIER_VERSION } from '../categories/classify-prompt.ts';
import { buildLeaderboard } from './build-leaderboard.ts';
import { buildSpeedCharts } from './build-speed-charts.ts';
import type { CategoryBoards } from './category-boards.ts';
import { leaderboardCsv } from './leaderboard-csv.ts';
import type { LeaderboardService } from './leaderboard-service.ts';
import type { ModelFigures } from './model-figures.ts';

export interface CategoryRoutesDeps {
  categories: CategoryBoards;
  leaderboard: LeaderboardService;
  store: BattleStore;
  catalog: ModelCatalog;
  /** The plain board's measured figures (app.ts): a category board shows the same figures, read the same bounded way. */
  figures: Pick<ModelFigures, 'of'>;
}

/** The answers the speed charts read at most (the latest ones). */
export const CHART_SAMPLE_LIMIT = 5000;

const BoardQuery = z.object({
  mode: RatingsMode.default('blind'),
  category: CategoryKey.optional(),
  control: ControlKind.optional(),
});

/** How long a request waits for the first count since start before it is asked to come back. */
const FIRST_COUNT_WAIT_MS = 1500;

/** 503 with Retry-After while the boards are still counting the stored votes after a start (category-boards.ts, start()). */
async function whenCounted(c: Context, categories: CategoryBoards): Promise<void> {
  const counted = await categories.counted(FIRST_COUNT_WAIT_MS);
  if (counted.done) return;
  c.header('Retry-After', '2');
  throw new HTTPException(503, {
    message: `Boards by category are being counted since the server started (${counted.votesRead.toLocaleString('en-US')} votes read so far); try again in a few seconds`,
  });
}

async function boardQuery(c: Context, categories: CategoryBoards) {
  const parsed = BoardQuery.safeParse({ mode: c.req.query('mode'), category: c.req.query('category'), control: c.req.query('control') });
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'query');
    const why = {
      mode: 'mode must be blind, named or all',
      category: 'category must be coding, math, creative-writing, long-prompt, multi-turn, lang:<code> or tag:<tag>',
      control: 'control must be style or speed',
    }[field];
    throw new HTTPException(400, { message: why ?? 'bad query' });
  }
  const q = parsed.data;
  if (q.category !== undefined) await whenCounted(c, categories);
  if (q.category !== undefined && !categories.knows(q.category)) {
    throw new HTTPException(400, { message: `No battle has the category "${q.category}" (see /api/categories)` });
  }
  return q;
}

/**
 * Boards by category, style and speed control, the CSV export and the speed
 * charts' data. `GET /api/leaderboard` without ?category= or ?control= is the
 * plain board's route (app.ts), reached through next().
 */
export function createCategoryRoutes(deps: CategoryRoutesDeps) {
  const app = new Hono<AuthEnv>();

  const board = async (c: Context) => {
    const q = await boardQuery(c, deps.categories);
    const snap = q.category ? await deps.categories.ratings(q.mode, q.category) : await deps.leaderboard.ratings(q.mode);
    const ids = [...snap.ratings.models.map((m) => m.model), ...deps.catalog.all().map((e) => e.spec.id)];
    const { measured } = await deps.figures.of(ids);
    const plain = buildLeaderboard(q.mode, snap, measured, deps.catalog);
    const answer = q.control ? await deps.categories.control(q.mode, q.category ?? null, q.control) : null;
    const control = answer && answer.state !== 'fitting' ? answer.control : null;
    const controlFit: ControlFit | null = answer
      ? answer.state === 'fitting'
        ? { state: 'fitting', computedAt: null, retryAfterSeconds: answer.retryAfterSeconds }
        : { state: answer.state, computedAt: answer.computedAt, retryAfterSeconds: null }
      : null;
    if (controlFit?.retryAfterSeconds) c.header('Retry-After', String(controlFit.retryAfterSeconds));
    return { q, plain, control, controlFit };
  };

  app.get('/leaderboard', async (c, next) => {
    if (c.req.query('category') === undefined && c.req.query('control') === undefined) return next();
    const { q, plain, control, controlFit } = await board(c);
    const base = LeaderboardResponse.parse(plain);
    return c.json(
      CategoryLeaderboardResponse.parse({
        ...base,
        // Stale while either fit is being redone, so that the page asks again (client/lib/use-api-data.ts).
        stale: base.stale || (controlFit !== null && controlFit.state !== 'fresh'),
        category: q.category ?? null,
        classifierVersion: CLASSIFIER_VERSION,
        reclassifying: deps.categories.reclassifying,
        control,
        controlFit,
      }),
    );
  });

  app.get('/leaderboard.csv', async (c) => {
    const { q, plain, control, controlFit } = await board(c);
    if (controlFit?.state === 'fitting') {
      throw new HTTPException(503, {
        message: `The ${q.control}-controlled fit of this board is running; try again in ${controlFit.retryAfterSeconds} s`,
      });
    }
    const name = ['versus-leaderboard', q.mode, q.category?.replace(/[^a-z0-9-]/gi, '_'), q.control].filter(Boolean).join('-');
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${name}.csv"`);
    return c.body(leaderboardCsv(plain.rows, control));
  });

  app.get('/categories', async (c) => {
    const mode = RatingsMode.safeParse(c.req.query('mode') ?? 'blind');
    if (!mode.success) throw new HTTPException(400, { message: 'mode must be blind, named or all' });
    await whenCounted(c, deps.categories);
    return c.json(
      CategoriesResponse.parse({
        mode: mode.data,
        classifierVersion: CLASSIFIER_VERSION,
        reclassifying: deps.categories.reclassifying,
        categories: deps.categories.counts(mode.data),
      }),
    );
  });

  app.get('/speed-charts', async (c) => {
    const samples = await deps.store.answerSamples(CHART_SAMPLE_LIMIT);
    return c.json(SpeedChartsResponse.parse(buildSpeedCharts(samples, deps.catalog, CHART_SAMPLE_LIMIT)));
  });

  return app;
}
