import type { z } from 'zod';
import { ApiError, HeadToHeadResponse, LeaderboardResponse, ModelsResponse, type RatingsMode } from '../../shared/api.ts';
import { BattleView, HistoryResponse, ShareResponse } from '../../shared/battle-view.ts';

/** An HTTP error with its status, so a page can tell "not found" from "could not load". */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export async function getJson<S extends z.ZodType>(path: string, schema: S, signal?: AbortSignal, method = 'GET'): Promise<z.infer<S>> {
  const res = await fetch(path, { method, headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new Error(`${path}: the server answered HTTP ${res.status} without JSON`);
  }
  if (!res.ok) {
    const err = ApiError.safeParse(body);
    throw new ApiRequestError(err.success ? err.data.error.message : `${path}: HTTP ${res.status}`, res.status);
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

/** The session's own battles, newest first; `before` is the previous page's `next`. */
export const fetchHistory = (before: string | null, signal?: AbortSignal) =>
  getJson(`/api/battles?${new URLSearchParams(before ? { limit: '20', before } : { limit: '20' })}`, HistoryResponse, signal);

export const fetchBattle = (id: string, signal?: AbortSignal) => getJson(`/api/battles/${encodeURIComponent(id)}`, BattleView, signal);

export const shareBattle = (id: string) => getJson(`/api/battles/${encodeURIComponent(id)}/share`, ShareResponse, undefined, 'POST');

export async function unshareBattle(id: string): Promise<void> {
  const res = await fetch(`/api/battles/${encodeURIComponent(id)}/share`, { method: 'DELETE' });
  if (!res.ok) throw new ApiRequestError(`Could not withdraw the link (HTTP ${res.status})`, res.status);
}

export const fetchShared = (token: string, signal?: AbortSignal) => getJson(`/api/shared/${encodeURIComponent(token)}`, BattleView, signal);
