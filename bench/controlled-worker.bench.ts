import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { openSqliteStore } from '../db/sqlite/open-sqlite-store.ts';
import { fromCleanBattle } from '../server/exchange/from-clean-battle.ts';
import type { ControlledFitRequest } from '../server/leaderboard/controlled-fit-job.ts';
import {
  CONTROL_PAGE,
  createControlledFitter,
  inlineControlledFitter,
  type FitControlled,
} from '../server/leaderboard/controlled-fitter.ts';
import { ControlledFits } from '../server/leaderboard/controlled-fits.ts';
import { Mulberry32 } from '../server/ratings/mulberry32.ts';
import type { CleanBattle } from '../shared/clean-battle.ts';

/**
 * The event loop while a style-controlled fit runs (issue 15 §7, issue 14's
 * "nothing on a request path blocks the event loop for more than 20 ms").
 *
 * A SQLite store of VERSUS_CW_BATTLES battles (default 200,000) among
 * VERSUS_CW_MODELS models (50), imported in batches, each answer given a
 * random style (answer_styles written by SQL, as the style backfill would).
 * Then the same fit (all blind votes, style control, VERSUS_CW_ROUNDS = 1,000
 * bootstrap rounds) twice, with the event loop's delay watched
 * (monitorEventLoopDelay, 1 ms resolution) and a "request" every 20 ms
 * (ControlledFits.get, what /api/leaderboard?control= awaits) timed:
 * - worker, rows posted from here (controlled-fitter.ts on PostgreSQL): rows
 *   read on this thread a page at a time and posted on, fitted in the worker;
 * - worker, reading SQLite itself (the server's way on SQLite): the worker
 *   reads the file on a read-only connection of its own and fits;
 * - inline: the fit on this thread, as it ran before (category-boards.ts
 *   fitted on the request's thread): the loop is held for the whole fit.
 * The worker is started (one small fit) before the watch: starting it
 * (tsx loading its modules) happens once per process.
 * Also the main thread's event-loop utilisation over the fit: on a loaded
 * machine the loop's delay includes the OS running other work (the idle
 * line is the floor); utilisation says how much was this thread's own.
 * VERSUS_CW_WAYS picks the ways (default posted,reader,inline).
 * Target: worker max event-loop delay under 20 ms.
 */

const BATTLES = Number(process.env.VERSUS_CW_BATTLES ?? 200_000);
const MODELS = Number(process.env.VERSUS_CW_MODELS ?? 50);
const ROUNDS = Number(process.env.VERSUS_CW_ROUNDS ?? 1000);
const TARGET_MS = 20;
/** Which ways to measure (posted, reader, inline); the posted way is the slow one to leave out at a million. */
const WAYS = new Set((process.env.VERSUS_CW_WAYS ?? 'posted,reader,inline').split(',').map((w) => w.trim()));
const REQUEST: ControlledFitRequest = { mode: 'blind', category: null, kind: 'style' };

const modelName = (i: number) => `cw-model-${String(i).padStart(3, '0')}`;

/**
 * Battle n: a pair drawn at random, the lower-numbered model winning 45%, the
 * other 35%, a tie 20% (drawn from a seeded generator: deriving them from n by
 * modular arithmetic tied the outcome to the pair at 100 models, and a model
 * that never loses has no finite rating).
 */
function battle(n: number, rng: Mulberry32): CleanBattle {
  const a = Math.floor(rng.uniform() * MODELS);
  const b = (a + 1 + Math.floor(rng.uniform() * (MODELS - 1))) % MODELS;
  const r = rng.uniform() * 100;
  const favoured = a < b ? 'model_a' : 'model_b';
  const other = a < b ? 'model_b' : 'model_a';
  const prompt = `question ${n}`;
  return {
    question_id: `cw-${n}`,
    model_a: modelName(a),
    model_b: modelName(b),
    winner: r < 45 ? favoured : r < 80 ? other : 'tie',
    conversation_a: [
      { role: 'user', content: prompt },
      { role: 'assistant', content: `answer ${n}` },
    ],
    conversation_b: [
      { role: 'user', content: prompt },
      { role: 'assistant', content: `answer ${n}` },
    ],
    turn: 1,
    anony: true,
    tstamp: 1_700_000_000 + n,
  };
}

async function measure(label: string, fit: FitControlled): Promise<void> {
  // No first wait: a request answers 'fitting' at once, so its time is the event loop's (the server waits up to 500 ms on a timer).
  const fits = new ControlledFits(fit, { firstWaitMs: 0 });
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const requestMs: number[] = [];
  let answers = { fitting: 0, stale: 0, fresh: 0 };
  const started = performance.now();
  const elu = performance.eventLoopUtilization();
  loop.enable();
  // When the longest stalls happened (seconds into the fit), to tell a start-up or end hiccup from one in the middle.
  const stalls: [number, number][] = [];
  let last = performance.now();
  const watch = setInterval(() => {
    const now = performance.now();
    if (now - last > 15) stalls.push([(now - started) / 1000, now - last]);
    last = now;
  }, 1);
  const timer = setInterval(() => {
    const t0 = performance.now();
    void fits.get(REQUEST, 1).then((a) => {
      requestMs.push(performance.now() - t0);
      answers[a.state]++;
    });
  }, 20);
  let control;
  for (;;) {
    const a = await fits.get(REQUEST, 1);
    if (a.state === 'fresh') {
      control = a.control;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // Let the timers that a blocked loop held back fire, so the histogram and the requests see the block.
  await new Promise((resolve) => setTimeout(resolve, 50));
  clearInterval(timer);
  clearInterval(watch);
  loop.disable();
  const totalS = (performance.now() - started) / 1000;
  // The share of the time this thread was busy (not waiting for events): a delay with a low share is the OS running other work.
  const busy = performance.eventLoopUtilization(elu).utilization;
  requestMs.sort((x, y) => x - y);
  const p = (q: number) => requestMs[Math.min(requestMs.length - 1, Math.floor(q * requestMs.length))] ?? NaN;
  const maxMs = loop.max / 1e6;
  console.log(
    `${label}: fit (read + fit) ${totalS.toFixed(1)} s, ${control.battles} battles fitted${control.converged ? '' : ' (NOT converged)'}; ` +
      `event-loop delay max ${maxMs.toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, main thread busy ${(100 * busy).toFixed(0)}%; ` +
      `${requestMs.length} requests meanwhile: p50 ${p(0.5).toFixed(1)} ms, max ${(requestMs.at(-1) ?? NaN).toFixed(1)} ms ` +
      `(${answers.fitting} 'fitting', ${answers.fresh} fresh)` +
      (label.startsWith('worker') ? ` — target < ${TARGET_MS} ms: ${maxMs < TARGET_MS ? 'met' : 'MISSED'}` : ''),
  );
  const worst = stalls.sort((x, y) => y[1] - x[1]).slice(0, 3);
  if (worst.length > 0)
    console.log(
      `        longest gaps between 1 ms ticks: ${worst.map(([at, ms]) => `${ms.toFixed(0)} ms at ${at.toFixed(2)} s`).join(', ')}`,
    );
  answers = { fitting: 0, stale: 0, fresh: 0 };
}

export default async function main(): Promise<void> {
  const dir = mkdtempSync(join(os.tmpdir(), 'versus-cw-'));
  try {
    const storage = openSqliteStore(join(dir, 'versus.db'));
    const store = storage.battles;
    const t0 = performance.now();
    const rng = new Mulberry32(2025);
    for (let n = 0; n < BATTLES; n += 5000) {
      const batch = [];
      for (let k = n; k < Math.min(BATTLES, n + 5000); k++) batch.push(fromCleanBattle(battle(k, rng)));
      await store.importBattles(batch);
    }
    store.db.exec(`INSERT INTO answer_styles (battle_id, side, length, headers, list_items, bold)
      SELECT battle_id, side, 50 + abs(random()) % 2000, abs(random()) % 3, abs(random()) % 8, abs(random()) % 4
      FROM responses WHERE turn = 0`);
    console.log(
      `${BATTLES.toLocaleString('en')} battles, ${MODELS} models, ${ROUNDS} rounds; store built in ${((performance.now() - t0) / 1000).toFixed(0)} s; ` +
        `load average ${os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')} on ${os.cpus().length} cores (shared: figures are noisy)`,
    );
    // The machine's own noise: the loop's delay with nothing running here, for as long as a fit.
    const idle = monitorEventLoopDelay({ resolution: 1 });
    idle.enable();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    idle.disable();
    console.log(
      `idle    event-loop delay over 2 s with nothing running: max ${(idle.max / 1e6).toFixed(1)} ms, p99 ${(idle.percentile(99) / 1e6).toFixed(1)} ms`,
    );
    // Each page read (a synchronous query on SQLite) is on the main thread: timed on its own.
    const pageMs: number[] = [];
    const timed = Object.create(store) as typeof store;
    timed.controlRowsAfter = async (...args) => {
      const t = performance.now();
      const rows = await store.controlRowsAfter(...args);
      pageMs.push(performance.now() - t);
      return rows;
    };
    const settings = { rounds: ROUNDS, seed: 42 };
    const worker = createControlledFitter(timed, settings);
    // The worker started and its modules loaded (once per process, at the first fit) before the watch begins.
    await worker.fit({ mode: 'named', category: null, kind: 'style' });
    try {
      if (WAYS.has('posted')) {
        pageMs.length = 0;
        await measure('worker, rows posted from here', worker.fit);
        pageMs.sort((x, y) => x - y);
        console.log(
          `        ${pageMs.length} page reads of ${CONTROL_PAGE} rows on the main thread: p50 ${pageMs[Math.floor(pageMs.length / 2)]!.toFixed(1)} ms, max ${pageMs.at(-1)!.toFixed(1)} ms`,
        );
      }
    } finally {
      await worker.close();
    }
    const reader = createControlledFitter(store, settings, { dbPath: join(dir, 'versus.db') });
    await reader.fit({ mode: 'named', category: null, kind: 'style' });
    try {
      if (WAYS.has('reader')) await measure('worker, reading SQLite itself', reader.fit);
    } finally {
      await reader.close();
    }
    if (WAYS.has('inline')) await measure('inline', inlineControlledFitter(store, settings));
    await storage.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
