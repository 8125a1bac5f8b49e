import { ModelPageResponse } from '../../shared/model-page-api.ts';
import type { RatingsMode } from '../../shared/api.ts';
import { getJson } from './api.ts';

/** One model's page; loaded by the lazy model page only, so its schema stays out of the arena's first load. */
export const fetchModelPage = (id: string, mode: RatingsMode, signal?: AbortSignal) =>
  getJson(`/api/model?${new URLSearchParams({ id, mode })}`, ModelPageResponse, signal);
