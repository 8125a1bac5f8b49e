import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { BenchmarkList, BenchmarkPlan, BenchmarkRun, StartBenchmark } from '../../shared/benchmark.ts';
import { jsonBody, requireContentType } from '../auth/auth-middleware.ts';
import { actorOf, roleOf, type AuthEnv } from '../auth/identity.ts';
import { benchmarkCsv } from './benchmark-csv.ts';
import type { BenchmarkService, Refusal } from './benchmark-service.ts';

/**
 * Who may start (and cancel others') benchmarks: they spend the provider's
 * money and hold many requests open. A role that does not exist on this
 * server (editor, before it has one) simply matches nobody.
 */
const RUNNER_ROLES: ReadonlySet<string> = new Set(['admin', 'editor']);

const RUN_ID = z.uuid();
const ExportQuery = z.object({
  ids: z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(RUN_ID).min(1).max(20)),
  format: z.enum(['json', 'csv']).default('json'),
});

function refuse(c: Context, r: Refusal) {
  return c.json({ error: { code: String(r.status), message: r.message }, ...(r.estimate && { estimate: r.estimate }) }, r.status);
}

/**
 * `/api/benchmarks`: estimate a plan, start one (runner roles; a paid model
 * with its confirmed estimate), follow it, cancel it, list runs (by upstream
 * model, to compare endpoints), export them as JSON or CSV.
 */
export function createBenchmarkRoutes(service: BenchmarkService) {
  const app = new Hono<AuthEnv>();
  app.use('*', requireContentType('application/json'));

  const runner = (c: Context<AuthEnv>) => {
    const role = roleOf(c.get('identity'));
    if (role === null) throw new HTTPException(401, { message: 'Sign in first' });
    if (!RUNNER_ROLES.has(role)) throw new HTTPException(403, { message: 'Only an editor or an admin can run speed benchmarks' });
    return { actor: actorOf(c.get('identity')), admin: role === 'admin' };
  };

  app.post('/estimate', async (c) => {
    const planned = service.plan(await jsonBody(c, BenchmarkPlan));
    if (!planned.ok) return refuse(c, planned);
    return c.json({ estimate: planned.estimate });
  });

  app.post('/', async (c) => {
    const { actor } = runner(c);
    const started = await service.start(await jsonBody(c, StartBenchmark), actor);
    if (!started.ok) return refuse(c, started);
    return c.json({ run: BenchmarkRun.parse(started.run) }, 202);
  });

  app.get('/', async (c) => {
    const upstream = c.req.query('upstreamModel');
    return c.json(BenchmarkList.parse({ runs: await service.list(upstream || undefined) }));
  });

  app.get('/export', async (c) => {
    const q = ExportQuery.safeParse({ ids: c.req.query('ids'), format: c.req.query('format') });
    if (!q.success) throw new HTTPException(400, { message: 'give up to 20 run ids as ?ids=a,b and format=json or csv' });
    const runs = (await Promise.all(q.data.ids.map((id) => service.get(id)))).filter((r): r is BenchmarkRun => r !== null);
    if (runs.length === 0) throw new HTTPException(404, { message: 'No such benchmark run' });
    const name = runs.length === 1 ? `versus-benchmark-${runs[0]!.id}` : 'versus-benchmarks';
    c.header('Content-Disposition', `attachment; filename="${name}.${q.data.format}"`);
    if (q.data.format === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      return c.body(benchmarkCsv(runs));
    }
    return c.json(BenchmarkList.parse({ runs }));
  });

  const runOf = async (c: Context) => {
    const id = RUN_ID.safeParse(c.req.param('id'));
    const run = id.success ? await service.get(id.data) : null;
    if (!run) throw new HTTPException(404, { message: 'No such benchmark run' });
    return run;
  };

  app.get('/:id', async (c) => c.json({ run: BenchmarkRun.parse(await runOf(c)) }));

  app.post('/:id/cancel', async (c) => {
    const { actor, admin } = runner(c);
    const run = await runOf(c);
    const outcome = service.cancel(run.id, actor, admin);
    if (outcome === 'forbidden') throw new HTTPException(403, { message: 'Only its starter or an admin can cancel this run' });
    if (outcome === 'missing') throw new HTTPException(409, { message: 'This run is no longer running' });
    return c.json({ ok: true });
  });

  return app;
}
