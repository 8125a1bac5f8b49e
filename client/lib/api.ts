import type { z } from 'zod';
import { ApiError, HeadToHeadResponse, LeaderboardResponse, ModelsResponse, type RatingsMode } from '../../shared/api.ts';

export async function getJson<S extends z.ZodType>(path: string, schema: S, signal?: AbortSignal): Promise<z.infer<S>> {
  const res = await fetch(path, { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new Error(`${path}: the server answered HTTP ${res.status} without JSON`);
  }
  if (!res.ok) {
    const err = ApiError.safeParse(body);
    throw new Error(err.success ? err.data.error.message : `${path}: HTTP ${res.status}`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(`${path}: unexpected response shape`);
  return parsed.data;
}

export const fetchModels = (signal?: AbortSignal) => getJson('/api/models', ModelsResponse, signal);

export type LeaderboardMode = RatingsMode;
export const fetchLeaderboard = (mode: LeaderboardMode, signal?: AbortSignal) =>
  getJson(`/api/leaderboard?mode=${mode}`, LeaderboardResponse, signal);

/** "A vs B"; ids go through URLSearchParams, so ':' '.' and anything an import brought are safe. */
export const fetchHeadToHead = (a: string, b: string, mode: LeaderboardMode, signal?: AbortSignal) =>
  getJson(`/api/head-to-head?${new URLSearchParams({ a, b, mode })}`, HeadToHeadResponse, signal);
