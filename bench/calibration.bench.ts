import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { arenaOutcomes, CORE_MODELS, DOMINANT, NEWCOMERS, NEWCOMER_VOTES, type Outcome } from './calibration-arena.ts';
import { DEFAULT_PROVISIONAL_VOTES } from '../server/ratings/compute-leaderboard-ratings.ts';

/**
 * Calibration of the leaderboard's 95% intervals (README, "Ratings"): over
 * ARENAS simulated arenas (calibration-arena.ts), how often each kind of
 * model's interval holds its true rating, and how wide it is. Run twice: as
 * the leaderboard runs (bootstrap for established models, profile likelihood
 * for the rest), and with rounds = 0 (profile likelihood for every model).
 * Target: at least 93% everywhere.
 */
const ARENAS = 400;
const SEED = 2025;
const ROUNDS = 1000;

interface Row {
  label: string;
  pick: (o: Outcome) => boolean;
}

const ROWS: Row[] = [
  ...NEWCOMER_VOTES.map((v) => ({ label: String(v), pick: (o: Outcome) => o.category === `new-${v}` })),
  { label: '≈1,000 (core)', pick: (o) => o.category === 'core' },
  { label: `${DOMINANT.votes}, unbeaten`, pick: (o) => o.category === 'dominant' && o.unbeaten },
  { label: `${DOMINANT.votes}, dominant, all`, pick: (o) => o.category === 'dominant' },
];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const fmt = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'open');

function table(outcomes: Outcome[]): string[] {
  const lines = [
    '| votes per model | intervals | provisional | covered | median width | open-ended | median lower bound − truth |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const row of ROWS) {
    const os = outcomes.filter(row.pick);
    const covered = os.filter((o) => o.covered).length;
    const open = os.filter((o) => !Number.isFinite(o.width)).length;
    const provisional = os.filter((o) => o.provisional).length;
    lines.push(
      `| ${row.label} | ${os.length} | ${provisional === os.length ? 'yes' : provisional === 0 ? 'no' : `${provisional}`} | ` +
        `${((100 * covered) / os.length).toFixed(1)}% | ${fmt(median(os.map((o) => o.width)))} | ${((100 * open) / os.length).toFixed(0)}% | ` +
        `${fmt(median(os.map((o) => o.lowerGap)))} |`,
    );
  }
  return lines;
}

function run(rounds: number): { lines: string[]; ms: number } {
  const started = performance.now();
  const outcomes: Outcome[] = [];
  for (let a = 0; a < ARENAS; a++) outcomes.push(...arenaOutcomes(SEED, a, { rounds }));
  return { lines: table(outcomes), ms: performance.now() - started };
}

export default function main(): void {
  console.log(
    `calibration bench: ${ARENAS} arenas (seed ${SEED}), each ${CORE_MODELS} core models + ${NEWCOMERS} newcomers with each of ` +
      `${NEWCOMER_VOTES.join(', ')} votes + 1 dominant model (+${DOMINANT.above}, ${DOMINANT.votes} votes); provisional below ` +
      `${DEFAULT_PROVISIONAL_VOTES} votes; node ${process.version}, load average ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
  );
  const board = run(ROUNDS);
  console.log(
    `\nAs the leaderboard computes them (bootstrap, ${ROUNDS} rounds, for established models; profile likelihood for the rest), ${(board.ms / 1000).toFixed(1)} s:\n`,
  );
  for (const line of board.lines) console.log(line);
  const profile = run(0);
  console.log(`\nProfile likelihood for every model (rounds = 0), ${(profile.ms / 1000).toFixed(1)} s:\n`);
  for (const line of profile.lines) console.log(line);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main();
}
