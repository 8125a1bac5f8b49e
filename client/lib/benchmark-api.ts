import { z } from 'zod';
import { BenchmarkEstimate, BenchmarkList, BenchmarkRun, type BenchmarkPlan, type StartBenchmark } from '../../shared/benchmark.ts';
import { getJson } from './api.ts';
import { sendJson } from './send-json.ts';

export const fetchBenchmarks = (signal?: AbortSignal) => getJson('/api/benchmarks', BenchmarkList, signal);

export const estimateBenchmark = (plan: BenchmarkPlan) =>
  sendJson('POST', '/api/benchmarks/estimate', plan, z.object({ estimate: BenchmarkEstimate }));

export const startBenchmark = (req: StartBenchmark) => sendJson('POST', '/api/benchmarks', req, z.object({ run: BenchmarkRun }));

export const cancelBenchmark = (id: string) => sendJson('POST', `/api/benchmarks/${encodeURIComponent(id)}/cancel`, {});

/** Where the chosen runs download, as JSON or CSV. */
export const benchmarkExportHref = (ids: readonly string[], format: 'json' | 'csv') =>
  `/api/benchmarks/export?${new URLSearchParams({ ids: ids.join(','), format })}`;
