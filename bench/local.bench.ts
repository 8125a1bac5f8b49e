import os from 'node:os';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LlamaCompletion } from 'node-llama-cpp';
import { runSide } from '../server/arena/run-side.ts';
import { EndpointConfig } from '../server/config/endpoint-config.ts';
import { createAdapter } from '../server/providers/create-adapter.ts';
import { getLlamaRuntime } from '../server/providers/local/llama-runtime.ts';
import { localSampling } from '../server/providers/local/local-sampling.ts';

const MODEL = resolve(process.cwd(), '../shared/models/stories260K.gguf');
const PROMPT = 'Once upon a time';
const MAX_TOKENS = 400;
const RUNS = 21;
const SAMPLING = { temperature: 0.8, topP: 0.95, seed: 1234, maxTokens: MAX_TOKENS };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Measured as the arena measures a side: first non-empty text to last text, tokens from the generator. */
async function rawRun(completion: LlamaCompletion): Promise<{ tokens: number; tps: number }> {
  let first = 0;
  let last = 0;
  let tokens = 0;
  await completion.generateCompletion(PROMPT, {
    ...localSampling(SAMPLING),
    maxTokens: MAX_TOKENS,
    onToken: (t) => {
      tokens += t.length;
    },
    onTextChunk: (text) => {
      if (!text) return;
      const now = performance.now();
      if (first === 0) first = now;
      last = now;
    },
  });
  return { tokens, tps: (tokens - 1) / ((last - first) / 1000) };
}

/**
 * The arena's local provider against raw node-llama-cpp: same GGUF, same
 * prompt, same sampling and seed, same output length, one thread each,
 * alternating runs. Throughput is the decode rate as the arena defines it:
 * (output tokens − 1) / (last text − first text). Goal: ratio ≥ 0.95.
 * The ratio is the median of paired ratios (each arena run against the raw
 * run next to it), so load from other processes on this shared 2-core
 * machine hits both sides of a pair alike instead of skewing one median.
 *
 * The arena path is the whole one a battle side takes: createAdapter (with
 * its timeout wrapper) → local adapter (context pool, async stream) →
 * runSide (measurement). Raw is LlamaCompletion on a context of its own.
 */
export default async function run(): Promise<void> {
  const { version } = JSON.parse(readFileSync(resolve(import.meta.dirname, '../node_modules/node-llama-cpp/package.json'), 'utf8')) as {
    version: string;
  };
  console.log('local provider vs raw node-llama-cpp');
  console.log(
    `  model ${MODEL}; prompt ${JSON.stringify(PROMPT)}; ${MAX_TOKENS} output tokens; temperature ${SAMPLING.temperature}, ` +
      `top-p ${SAMPLING.topP}, seed ${SAMPLING.seed}; threads 1 per context; ${RUNS} alternating runs each after one warm-up`,
  );
  console.log(`  ${os.cpus()[0]?.model ?? 'cpu'} x${os.availableParallelism()}, node ${process.version}, node-llama-cpp ${version}`);

  const adapter = createAdapter(EndpointConfig.parse({ id: 'local', kind: 'local' }), {});
  const request = { model: MODEL, messages: [{ role: 'user' as const, content: PROMPT }], sampling: SAMPLING };
  const arenaRun = async () => {
    const outcome = await runSide({
      adapter,
      request,
      pricing: { inputPerMTok: 0, outputPerMTok: 0, cachedInputPerMTok: 0 },
      signal: new AbortController().signal,
      onText: () => {},
      onLive: () => {},
    });
    if (outcome.status !== 'finished') throw new Error(`arena side ${outcome.status}: ${outcome.error?.message}`);
    return { tokens: outcome.metrics.outputTokens ?? 0, tps: outcome.metrics.outputTokensPerSecond ?? 0 };
  };

  const llama = await getLlamaRuntime();
  const model = await llama.loadModel({ modelPath: MODEL });
  const context = await model.createContext({ contextSize: Math.min(model.trainContextSize, 8192), sequences: 1, threads: 1 });
  const sequence = context.getSequence();
  const completion = new LlamaCompletion({ contextSequence: sequence, autoDisposeSequence: false });
  const rawFresh = async () => {
    // The arena clears a context's history per request; so does the baseline.
    await sequence.clearHistory();
    return rawRun(completion);
  };

  await arenaRun();
  await rawFresh();
  const arena: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 === 0 ? [arenaRun, rawFresh] : [rawFresh, arenaRun];
    for (const f of order) {
      const r = await f();
      if (r.tokens !== MAX_TOKENS) throw new Error(`expected ${MAX_TOKENS} tokens, got ${r.tokens}`);
      (f === arenaRun ? arena : raw).push(r.tps);
    }
  }
  const a = median(arena);
  const r = median(raw);
  const ratio = median(arena.map((x, i) => x / raw[i]!));
  console.log(`  arena local provider: median ${a.toFixed(0)} tok/s (runs ${arena.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`  raw node-llama-cpp:   median ${r.toFixed(0)} tok/s (runs ${raw.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(
    `  ratio arena/raw ${ratio.toFixed(3)} (median of ${RUNS} paired runs; ratio of medians ${(a / r).toFixed(3)}) ` +
      `(goal >= 0.95) [${ratio >= 0.95 ? 'PASS' : 'FAIL'}]; load average during the run ${os.loadavg()[0]!.toFixed(2)}`,
  );

  completion.dispose({ disposeSequence: false });
  await context.dispose();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run();
  // Loaded llama.cpp contexts keep the event loop alive; the bench is done.
  process.exit(0);
}
