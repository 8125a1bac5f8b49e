import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { BattleStore, RatedVote } from '../../db/battle-store.ts';
import type { SetStore } from '../../db/set-store.ts';
import {
  CostEstimate,
  ImportSetRequest,
  NextReview,
  PromptSetSummary,
  ReviewVoteRequest,
  ReviewVoteResponse,
  RunProgress,
  SET_LIMITS,
  SetResults,
  SetRunSummary,
  StartRunRequest,
} from '../../shared/prompt-set.ts';
import { newBattleId } from '../arena/session-ids.ts';
import { jsonBody, requireContentType, requireRole } from '../auth/auth-middleware.ts';
import { actorOf, type AuthEnv } from '../auth/identity.ts';
import type { ModelCatalog } from '../catalog/model-catalog.ts';
import { formatZodError } from '../config/format-zod-error.ts';
import { toCleanBattle } from '../exchange/to-clean-battle.ts';
import { createRun } from './create-run.ts';
import { estimateRunCost } from './estimate-run-cost.ts';
import { parsePromptSet } from './parse-prompt-set.ts';
import { nextReview, voteReview, type Reviewer } from './review-queue.ts';
import type { SetJobs } from './set-jobs.ts';
import { modelWorkloads, pairResults } from './set-results.ts';

export interface SetRoutesDeps {
  sets: SetStore;
  battles: BattleStore;
  catalog: ModelCatalog;
  jobs: SetJobs;
  defaultMaxTokens: number;
  onVote?: (v: RatedVote) => void;
}

/**
 * /api/sets: import and run (admins: Versus has no editor role, and a run
 * spends the operator's provider budget), review and results (anyone signed
 * in). Every body is parsed by its shared schema; ids in paths are only
 * looked up, never trusted to name what the caller may see.
 */
export function createSetRoutes(deps: SetRoutesDeps) {
  const app = new Hono<AuthEnv>();
  app.use('*', requireContentType('application/json'));

  const setOr404 = async (id: string) => {
    const set = await deps.sets.getSet(id);
    if (!set) throw new HTTPException(404, { message: 'No such prompt set' });
    return set;
  };
  const runOr404 = async (id: string) => {
    const run = await deps.sets.getRun(id);
    if (!run) throw new HTTPException(404, { message: 'No such run' });
    return run;
  };
  const reviewerOf = (c: Context<AuthEnv>): Reviewer => {
    const id = c.get('identity');
    if (id.kind === 'user') return { key: `user:${id.user.id}`, sessionHash: id.sessionHash, userId: id.user.id };
    if (id.kind === 'local') return { key: 'local', sessionHash: id.sessionHash ?? 'local', userId: null };
    throw new HTTPException(401, { message: 'Sign in first' });
  };

  app.get('/', async (c) => c.json({ sets: PromptSetSummary.array().parse(await deps.sets.sets()) }));

  app.post('/', requireRole('admin'), async (c) => {
    const text = await c.req.text();
    if (Buffer.byteLength(text) > SET_LIMITS.importBytes + 1024) throw new HTTPException(413, { message: 'The prompt set is too large' });
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new HTTPException(400, { message: 'The body is not valid JSON' });
    }
    const req = ImportSetRequest.safeParse(raw);
    if (!req.success) throw new HTTPException(400, { message: formatZodError(req.error).replace(/\n/g, '; ') });
    const parsed = parsePromptSet(req.data.format, req.data.content);
    if (!parsed.ok) return c.json({ error: 'The prompt set was not imported', problems: parsed.errors }, 400);
    const set = await deps.sets.createSet(
      { id: newBattleId(), name: req.data.name, createdBy: actorOf(c.get('identity')), createdAt: Date.now() },
      parsed.items,
    );
    return c.json(PromptSetSummary.parse(set), 201);
  });

  app.get('/:id', async (c) => {
    const set = await setOr404(c.req.param('id'));
    const runs = await deps.sets.runs(set.id);
    return c.json({ set: PromptSetSummary.parse(set), runs: SetRunSummary.array().parse(runs), items: await deps.sets.items(set.id) });
  });

  app.post('/:id/estimate', requireRole('admin'), async (c) => {
    const set = await setOr404(c.req.param('id'));
    const req = await jsonBody(c, StartRunRequest);
    const specs = req.models.flatMap((m) => deps.catalog.get(m)?.spec ?? []);
    if (specs.length !== req.models.length) throw new HTTPException(400, { message: 'Unknown model' });
    return c.json(CostEstimate.parse(await estimateRunCost(await deps.sets.items(set.id), specs, deps.defaultMaxTokens)));
  });

  app.post('/:id/runs', requireRole('admin'), async (c) => {
    const req = await jsonBody(c, StartRunRequest);
    const created = await createRun(deps.sets, deps.catalog, c.req.param('id'), req, actorOf(c.get('identity')));
    if (!created.ok) throw new HTTPException(created.status, { message: created.error });
    deps.jobs.start(created.run);
    return c.json(RunProgress.parse(await deps.jobs.progress(created.run)), 201);
  });

  app.get('/runs/:runId', async (c) => c.json(RunProgress.parse(await deps.jobs.progress(await runOr404(c.req.param('runId'))))));

  app.post('/runs/:runId/cancel', requireRole('admin'), async (c) => {
    const run = await runOr404(c.req.param('runId'));
    await deps.jobs.cancel(run.id);
    return c.json(RunProgress.parse(await deps.jobs.progress(run)));
  });

  app.get('/runs/:runId/review', async (c) => {
    const run = await runOr404(c.req.param('runId'));
    return c.json(NextReview.parse(await nextReview(deps, run, reviewerOf(c))));
  });

  app.post('/review/:battleId/vote', async (c) => {
    const { choice } = await jsonBody(c, ReviewVoteRequest);
    const r = await voteReview(deps, c.req.param('battleId'), reviewerOf(c), choice);
    if (!r.ok) throw new HTTPException(r.status, { message: r.error });
    return c.json(ReviewVoteResponse.parse({ battleId: c.req.param('battleId'), choice, models: r.models }));
  });

  app.get('/:id/results', async (c) => {
    const set = await setOr404(c.req.param('id'));
    const runs = await deps.sets.runs(set.id);
    const answers = (await Promise.all(runs.map((r) => deps.sets.answers(r.id)))).flat();
    const votes = await deps.sets.setVotes(set.id);
    return c.json(SetResults.parse({ set, runs, pairs: pairResults(votes), models: modelWorkloads(answers) }));
  });

  app.get('/:id/export.jsonl', requireRole('admin'), async (c) => {
    const set = await setOr404(c.req.param('id'));
    const items = await deps.sets.items(set.id);
    const lines: string[] = [];
    // A team's set is hundreds of votes, not the arena's millions: one response, not a stream.
    for (const v of await deps.sets.setVotes(set.id)) {
      const d = await deps.battles.getBattle(v.battleId);
      const clean = d ? toCleanBattle(d) : null;
      if (!clean) continue;
      const item = items[v.idx];
      lines.push(
        JSON.stringify({
          ...clean,
          set: {
            id: set.id,
            name: set.name,
            version: set.version,
            run_id: v.runId,
            prompt_index: v.idx,
            tags: item?.tags ?? [],
            notes: item?.notes ?? null,
            system: item?.system ?? null,
          },
        }),
      );
    }
    c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="versus-set-${set.version}.jsonl"`);
    return c.body(lines.map((l) => `${l}\n`).join(''));
  });

  return app;
}
