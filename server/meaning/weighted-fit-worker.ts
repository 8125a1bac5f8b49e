import { serveJobs } from '../leaderboard/job-worker.ts';
import { fitMeaning } from './packed-votes.ts';
import type { WeightedFitJob } from './weighted-fit.ts';

/** Runs a board by meaning's similarities, weighted fit and bootstrap off the main thread. */
serveJobs((m: WeightedFitJob) => fitMeaning(m.votes, m.job));
