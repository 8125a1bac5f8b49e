import { serveJobs } from './job-worker.ts';
import { ratingsOfJob } from './ratings-computer.ts';

/** Runs the fit and the bootstrap off the main thread, so streams never wait for a leaderboard. */
serveJobs(ratingsOfJob);
