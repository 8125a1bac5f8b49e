import { signal } from '@preact/signals';

/** Hash routing without a router dependency: #/ (arena), #/models, #/leaderboard. */
export type Route = 'arena' | 'models' | 'leaderboard';

export function routeOf(hash: string): Route {
  const path = hash.replace(/^#\/?/, '').split(/[?/]/)[0] ?? '';
  if (path === 'models' || path === 'catalog') return 'models';
  if (path === 'leaderboard') return 'leaderboard';
  return 'arena';
}

export const ROUTE_HASH: Record<Route, string> = { arena: '#/', models: '#/models', leaderboard: '#/leaderboard' };

export function createRouter(win: Pick<Window, 'location' | 'addEventListener'>) {
  const route = signal<Route>(routeOf(win.location.hash));
  win.addEventListener('hashchange', () => {
    route.value = routeOf(win.location.hash);
  });
  return route;
}
