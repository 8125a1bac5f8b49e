import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { openStore } from '../../db/open-store.ts';
import type { SetStore } from '../../db/set-store.ts';
import { SetFormat, StartRunRequest, type SetRunSummary } from '../../shared/prompt-set.ts';
import type { RunnableEntry } from '../arena/turn-runner.ts';
import { newBattleId } from '../arena/session-ids.ts';
import type { ModelCatalog } from '../catalog/model-catalog.ts';
import { formatZodError } from '../config/format-zod-error.ts';
import { loadConfig, type LoadedConfig } from '../config/load-config.ts';
import { createLogger } from '../logger.ts';
import { configuredSecrets } from '../providers/endpoint-secrets.ts';
import { cliCatalog } from '../sets/cli-catalog.ts';
import { createRun } from '../sets/create-run.ts';
import { estimateRunCost } from '../sets/estimate-run-cost.ts';
import { parsePromptSet } from '../sets/parse-prompt-set.ts';
import { progressLine } from '../sets/progress-bar.ts';
import { runSet } from '../sets/run-set.ts';
import { CLI_ACTOR } from '../sets/set-jobs.ts';
import { cliOption } from './cli-option.ts';

const USAGE = `usage:
  npm run sets -- import <file.jsonl|file.csv> --name NAME     a new set, or the next version of NAME
  npm run sets -- list                                        sets and their runs
  npm run sets -- estimate <set id> --models A,B[,C…]         the most a run could cost
  npm run sets -- run <set id> --models A,B[,C…] [--concurrency N]
                                                              every pair of the models, N requests at once per endpoint (default 4)
  npm run sets -- resume <run id>                             go on with a run that was stopped or killed`;

/** Prompt sets from the server's shell, against the configured database and endpoints: the same runs the page starts. */
async function main(argv: string[]): Promise<number> {
  const config = loadConfig();
  const storage = await openStore(config);
  try {
    return await run(argv, config, storage.sets);
  } finally {
    await storage.close();
  }
}

async function run(argv: string[], config: LoadedConfig, sets: SetStore): Promise<number> {
  const [command, first, ...rest] = argv;
  const args = [first ?? '', ...rest];
  if (command === 'import' && first) {
    const name = cliOption(args, '--name');
    const format = SetFormat.safeParse(cliOption(args, '--format') ?? extname(first).slice(1).toLowerCase());
    if (!name || !format.success) return fail('give --name, and a .jsonl or .csv file (or --format jsonl|csv)');
    const parsed = parsePromptSet(format.data, readFileSync(first, 'utf8'));
    if (!parsed.ok) return fail(parsed.errors.join('\n'));
    const set = await sets.createSet({ id: newBattleId(), name, createdBy: CLI_ACTOR, createdAt: Date.now() }, parsed.items);
    console.log(set.id);
    console.error(`Imported "${set.name}" version ${set.version}: ${set.items} prompts.`);
    return 0;
  }
  if (command === 'list') {
    for (const s of await sets.sets()) {
      console.log(`${s.id}  ${s.name} v${s.version}  ${s.items} prompts`);
      for (const r of await sets.runs(s.id)) console.log(`    run ${r.id}  ${r.status}  ${r.models.join(' vs ')}`);
    }
    return 0;
  }
  if ((command === 'estimate' || command === 'run') && first) {
    const catalog = await cliCatalog(config);
    const req = StartRunRequest.safeParse({
      models: (cliOption(args, '--models') ?? '').split(',').filter(Boolean),
      concurrency: cliOption(args, '--concurrency') === undefined ? undefined : Number(cliOption(args, '--concurrency')),
    });
    if (!req.success) return fail(formatZodError(req.error));
    const set = await sets.getSet(first);
    if (!set) return fail(`No prompt set "${first}" (npm run sets -- list)`);
    const specs = req.data.models.flatMap((id) => catalog.get(id)?.spec ?? []);
    const estimate = await estimateRunCost(await sets.items(first), specs, config.battle.defaultMaxTokens);
    for (const m of estimate.models) {
      console.error(`  ${m.model}: ${m.inputTokens} prompt tokens, at most ${m.outputTokens} answer tokens: ${usd(m.costUsd)}`);
    }
    console.error(`At most ${usd(estimate.totalUsd)} for ${estimate.prompts} prompts (every answer at its max_tokens).`);
    if (command === 'estimate') return 0;
    const created = await createRun(sets, catalog, first, req.data, CLI_ACTOR);
    if (!created.ok) return fail(created.error);
    console.log(created.run.id);
    return await execute(config, catalog, sets, created.run);
  }
  if (command === 'resume' && first) {
    const found = await sets.getRun(first);
    if (!found) return fail(`No run "${first}"`);
    if (found.status !== 'running') return fail(`Run ${first} is ${found.status}: nothing to resume`);
    return await execute(config, await cliCatalog(config), sets, found);
  }
  console.error(USAGE);
  return 1;
}

/** Runs what is left, with a progress bar on stderr; Ctrl-C stops it resumably. */
async function execute(config: LoadedConfig, catalog: ModelCatalog, sets: SetStore, r: SetRunSummary): Promise<number> {
  const log = createLogger(config.env.VERSUS_LOG === 'debug' ? 'debug' : 'error', configuredSecrets(config.endpoints, config.secrets));
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort(new Error('interrupted')));
  const tty = process.stderr.isTTY;
  let lastPct = -1;
  const result = await runSet(
    {
      sets,
      log,
      battle: config.battle,
      entryOf: (id) => {
        const e = catalog.get(id);
        return e?.adapter ? (e as RunnableEntry) : null;
      },
      onProgress: (p) => {
        const line = progressLine(p);
        if (tty) process.stderr.write(`\r${line}\x1b[K`);
        else {
          // Not a terminal (a log, a CI job): one line per 5% rather than a carriage-return bar.
          const pct = p.total === 0 ? 100 : Math.floor((p.done / p.total) * 20) * 5;
          if (pct !== lastPct) process.stderr.write(`${line}\n`);
          lastPct = pct;
        }
      },
    },
    r,
    stop.signal,
  );
  if (tty) process.stderr.write('\n');
  if (!result.ok) return fail(result.error);
  if (result.status === 'cancelled') {
    console.error(`Stopped; resume with: npm run sets -- resume ${r.id}`);
    return 130;
  }
  console.error(`Done: ${result.counts.done} answers, ${result.counts.failed} failed.`);
  return 0;
}

const usd = (v: number | null) => (v === null ? 'unknown (no price in the catalog)' : `$${v.toFixed(4)}`);

function fail(message: string): number {
  console.error(message);
  return 1;
}

main(process.argv.slice(2)).then(
  // Exits at once: kept-alive provider connections would hold the process open for their idle timeout.
  (code) => process.exit(code),
  (e: unknown) => {
    console.error((e as Error).message);
    process.exit(1);
  },
);
