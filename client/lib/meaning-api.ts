import type { RatingsMode } from '../../shared/api.ts';
import { MeaningBoardResponse } from '../../shared/meaning-api.ts';
import { getJson } from './api.ts';

/** The board for prompts like `q` (loaded by the lazy "Board by meaning" part only). */
export const fetchMeaningBoard = (mode: RatingsMode, q: string, signal?: AbortSignal) =>
  getJson(`/api/leaderboard/meaning?${new URLSearchParams({ mode, q })}`, MeaningBoardResponse, signal);
