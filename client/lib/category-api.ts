import type { RatingsMode } from '../../shared/api.ts';
import {
  CategoriesResponse,
  CategoryLeaderboardResponse,
  SpeedChartsResponse,
  type CategoryKey,
  type ControlKind,
} from '../../shared/category-api.ts';
import { ApiRequestError, getJson } from './api.ts';

/** What the board is restricted to and controlled for; null: all votes, no control. */
export interface BoardView {
  category: CategoryKey | null;
  control: ControlKind | null;
}

/** The query of a board view (mode, and category / control when set); the CSV link uses the same. */
export function boardQuery(mode: RatingsMode, view: BoardView): string {
  const q = new URLSearchParams({ mode });
  if (view.category) q.set('category', view.category);
  if (view.control) q.set('control', view.control);
  return q.toString();
}

/**
 * After a server start the category boards are counted in the background, and
 * their routes answer 503 with Retry-After until then: asked again every 2 s,
 * up to 5 times, instead of showing an error for a few seconds' wait.
 */
async function whenCounted<T>(load: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await load();
    } catch (e) {
      if (!(e instanceof ApiRequestError) || e.status !== 503 || tries > 5 || signal?.aborted) throw e;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

export const fetchCategories = (mode: RatingsMode, signal?: AbortSignal) =>
  whenCounted(() => getJson(`/api/categories?mode=${mode}`, CategoriesResponse, signal), signal);

export const fetchCategoryBoard = (mode: RatingsMode, view: BoardView, signal?: AbortSignal) =>
  whenCounted(() => getJson(`/api/leaderboard?${boardQuery(mode, view)}`, CategoryLeaderboardResponse, signal), signal);

export const fetchSpeedCharts = (signal?: AbortSignal) => getJson('/api/speed-charts', SpeedChartsResponse, signal);
