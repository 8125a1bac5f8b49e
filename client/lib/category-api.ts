import type { RatingsMode } from '../../shared/api.ts';
import {
  CategoriesResponse,
  CategoryLeaderboardResponse,
  SpeedChartsResponse,
  type CategoryKey,
  type ControlKind,
} from '../../shared/category-api.ts';
import { getJson } from './api.ts';

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

export const fetchCategories = (mode: RatingsMode, signal?: AbortSignal) =>
  getJson(`/api/categories?mode=${mode}`, CategoriesResponse, signal);

export const fetchCategoryBoard = (mode: RatingsMode, view: BoardView, signal?: AbortSignal) =>
  getJson(`/api/leaderboard?${boardQuery(mode, view)}`, CategoryLeaderboardResponse, signal);

export const fetchSpeedCharts = (signal?: AbortSignal) => getJson('/api/speed-charts', SpeedChartsResponse, signal);
