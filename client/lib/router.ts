import { computed, signal } from '@preact/signals';
import type { RatingsMode } from '../../shared/api.ts';

/**
 * The page a hash shows: #/ (arena), #/models, #/leaderboard[?mode=…],
 * #/compare/<a>/<b>[?mode=…], #/model/<id>[?mode=…], #/history, #/shared/<token>,
 * #/speed, #/admin and #/join/<invite token> (tokens stay in the fragment, which no server sees).
 */
export type Route = 'arena' | 'models' | 'leaderboard' | 'compare' | 'model' | 'history' | 'shared' | 'admin' | 'join' | 'sets' | 'speed';

const pathOf = (hash: string) => hash.replace(/^#\/?/, '').split('?')[0] ?? '';

export function routeOf(hash: string): Route {
  const first = pathOf(hash).split('/')[0] ?? '';
  if (first === 'models' || first === 'catalog') return 'models';
  if (first === 'leaderboard') return 'leaderboard';
  if (first === 'compare' || first === 'vs') return 'compare';
  if (first === 'model') return 'model';
  if (first === 'history') return 'history';
  if (first === 'shared') return 'shared';
  if (first === 'admin') return 'admin';
  if (first === 'join') return 'join';
  if (first === 'sets') return 'sets';
  if (first === 'speed') return 'speed';
  return 'arena';
}

export const ROUTE_HASH: Record<Route, string> = {
  arena: '#/',
  models: '#/models',
  leaderboard: '#/leaderboard',
  compare: '#/compare',
  model: '#/models',
  history: '#/history',
  shared: '#/shared',
  admin: '#/admin',
  join: '#/join',
  sets: '#/sets',
  speed: '#/speed',
};

/** The invite token of a #/join/<token> link, or null. */
export function joinTokenOf(hash: string): string | null {
  const [first, token] = pathOf(hash).split('/');
  return first === 'join' && token ? token : null;
}

/** Each route's window title (a page may say more, e.g. which battle). */
export const ROUTE_TITLE: Record<Route, string> = {
  arena: 'Arena',
  models: 'Models',
  leaderboard: 'Leaderboard',
  compare: 'Head-to-head',
  model: 'Model',
  history: 'History',
  shared: 'Shared battle',
  admin: 'Admin',
  join: 'Sign in',
  sets: 'Prompt sets',
  speed: 'Speed',
};

export const documentTitle = (page: string) => `${page} · Versus`;

/** The votes a page shows: blind unless the hash says otherwise (an unknown value falls back to blind). */
export function modeOf(hash: string): RatingsMode {
  const query = hash.split('?')[1] ?? '';
  const mode = new URLSearchParams(query).get('mode');
  return mode === 'named' || mode === 'all' ? mode : 'blind';
}

const withMode = (path: string, mode: RatingsMode) => (mode === 'blind' ? path : `${path}?mode=${mode}`);

export const leaderboardHash = (mode: RatingsMode = 'blind') => withMode('#/leaderboard', mode);

/** A segment never holds a raw '/', '?' or '#': ids from imported data may contain anything. */
const decode = (s: string | undefined): string | null => {
  if (!s) return null;
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
};

export interface CompareParams {
  a: string | null;
  b: string | null;
  mode: RatingsMode;
}

export function compareParamsOf(hash: string): CompareParams {
  const [, a, b] = pathOf(hash).split('/');
  return { a: decode(a), b: decode(b), mode: modeOf(hash) };
}

export function compareHash(a: string | null, b: string | null, mode: RatingsMode = 'blind'): string {
  const parts = ['#/compare', a, b].filter((p): p is string => p !== null && p !== '');
  return withMode(parts.map((p, i) => (i === 0 ? p : encodeURIComponent(p))).join('/'), mode);
}

export function modelParamsOf(hash: string): { id: string | null; mode: RatingsMode } {
  const [, id] = pathOf(hash).split('/');
  return { id: decode(id), mode: modeOf(hash) };
}

/** One model's page; the id is URI-encoded like the comparison page's. */
export const modelHash = (id: string, mode: RatingsMode = 'blind') => withMode(`#/model/${encodeURIComponent(id)}`, mode);

/**
 * Hash routing without a router dependency: #/ (arena), #/models,
 * #/leaderboard[?mode=…], #/compare/<a>/<b>[?mode=…] and #/model/<id>[?mode=…].
 */
export function createRouter(win: Pick<Window, 'location' | 'addEventListener'>) {
  const hash = signal(win.location.hash);
  win.addEventListener('hashchange', () => {
    hash.value = win.location.hash;
  });
  return { hash, route: computed(() => routeOf(hash.value)) };
}

export type Router = ReturnType<typeof createRouter>;

/** `#/history/<id>`: one battle of the session's history; null for the list. */
export function historyIdOf(hash: string): string | null {
  return decode(pathOf(hash).split('/')[1]);
}

export const historyHash = (id?: string) => (id ? `#/history/${encodeURIComponent(id)}` : '#/history');

/** `#/shared/<token>`: a read-only share link. */
export function sharedTokenOf(hash: string): string | null {
  return decode(pathOf(hash).split('/')[1]);
}
