import { parseArgs } from 'node:util';
import { openStore } from '../../db/open-store.ts';
import { BenchmarkPlan, type LevelFigures } from '../../shared/benchmark.ts';
import { BenchmarkService } from '../benchmark/benchmark-service.ts';
import { benchmarkCsv } from '../benchmark/benchmark-csv.ts';
import { ModelCatalog } from '../catalog/model-catalog.ts';
import { formatZodError } from '../config/format-zod-error.ts';
import { loadConfig } from '../config/load-config.ts';
import { createLogger } from '../logger.ts';
import { checkEndpoints } from '../providers/check-endpoints.ts';
import { createAdapter } from '../providers/create-adapter.ts';

const USAGE = `usage: npm run speed -- --model <catalog id> [--concurrency 1,2,4,8] [--requests 8] [--seconds N]
                         [--prompt-tokens 200-400] [--output-tokens 128] [--seed 1] [--yes] [--csv | --json]
  A paid model runs only with --yes, after its cost estimate is printed. The run is stored like one started on the page.`;

const ms = (v: number | undefined) => (v === undefined ? '—' : `${Math.round(v)}`);
const q = (p: LevelFigures['ttftMs']) => (p ? `${ms(p.p50)}/${ms(p.p90)}/${ms(p.p99)}` : '—');

/** A speed benchmark from the command line, against the configured catalog and database (the same runner as the page). */
async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string' },
      concurrency: { type: 'string', default: '1,2,4,8' },
      requests: { type: 'string', default: '8' },
      seconds: { type: 'string' },
      'prompt-tokens': { type: 'string', default: '200-400' },
      'output-tokens': { type: 'string', default: '128' },
      seed: { type: 'string', default: '1' },
      yes: { type: 'boolean', default: false },
      csv: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const [min, max = min] = values['prompt-tokens'].split('-').map(Number);
  const parsed = BenchmarkPlan.safeParse({
    model: values.model,
    concurrency: values.concurrency.split(',').map(Number),
    requestsPerLevel: Number(values.requests),
    ...(values.seconds !== undefined && { secondsPerLevel: Number(values.seconds) }),
    promptLengths: { minTokens: min, maxTokens: max, seed: Number(values.seed) },
    outputTokens: Number(values['output-tokens']),
  });
  if (!parsed.success) {
    console.error(`${formatZodError(parsed.error)}\n${USAGE}`);
    return 1;
  }
  const config = loadConfig();
  const statuses = await checkEndpoints(config.endpoints, config.secrets);
  const catalog = ModelCatalog.build(config.models, config.endpoints, statuses, (e) => createAdapter(e, config.secrets));
  const storage = await openStore(config);
  try {
    const service = new BenchmarkService({ store: storage.benchmarks, catalog, log: createLogger('error', []) });
    const planned = service.plan(parsed.data);
    if (!planned.ok) {
      console.error(planned.message);
      return 1;
    }
    const e = planned.estimate;
    console.error(
      `${planned.entry.spec.label} on ${planned.entry.endpoint.id}: at most ${e.requests} requests, ${e.inputTokens} prompt and ${e.outputTokens} output tokens, ` +
        `${e.costUsd === null ? 'cost unknown' : `up to $${e.costUsd.toFixed(4)}`}`,
    );
    if (e.needsConfirmation && !values.yes) {
      console.error('Not free: run again with --yes to accept this cost.');
      return 2;
    }
    const started = await service.start({ ...parsed.data, ...(e.needsConfirmation && { confirmed: { costUsd: e.costUsd } }) }, 'cli');
    if (!started.ok) {
      console.error(started.message);
      return 1;
    }
    const stop = () => service.cancel(started.run.id, 'cli', true);
    process.once('SIGINT', stop);
    await service.settled(started.run.id);
    process.off('SIGINT', stop);
    const run = (await service.get(started.run.id))!;
    if (values.json) console.log(JSON.stringify(run, null, 2));
    else if (values.csv) process.stdout.write(benchmarkCsv([run]));
    else {
      console.log('at once  ok/sent  TTFT ms p50/p90/p99  ITL ms p50/p90/p99  e2e ms p50/p90/p99  tok/s p50  total tok/s  errors');
      for (const l of run.levels) {
        const errors =
          Object.entries(l.errors)
            .map(([k, n]) => `${k}=${n}`)
            .join(' ') || '-';
        console.log(
          [
            String(l.concurrency).padStart(7),
            `${l.succeeded}/${l.requests}`.padStart(8),
            q(l.ttftMs).padStart(19),
            q(l.interTokenMs).padStart(18),
            q(l.latencyMs).padStart(18),
            (l.outputTokensPerSecond?.p50.toFixed(1) ?? '—').padStart(9),
            (l.totalOutputTokensPerSecond?.toFixed(1) ?? '—').padStart(12),
            ` ${errors}`,
          ].join('  '),
        );
      }
      console.log(`run ${run.id}: ${run.status}${run.note ? ` (${run.note})` : ''}`);
    }
    return run.status === 'finished' ? 0 : 3;
  } finally {
    await storage.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error((e as Error).message);
    process.exit(1);
  },
);
