import { effect } from '@preact/signals';
import { render } from 'preact';
import type { AuthState } from '../shared/auth.ts';
import { createArenaController } from './lib/arena-controller.ts';
import { arenaSocketUrl, createArenaSocket } from './lib/arena-socket.ts';
import { applyConnectionStatus, applyServerMessage, createArenaState, type ConnectionStatus } from './lib/arena-state.ts';
import { fetchAuthState } from './lib/auth-api.ts';
import { loadMarkdown } from './lib/markdown-loader.ts';
import { createModelsStore } from './lib/models-store.ts';
import { rememberCurrentBattle, restoreCurrentBattle } from './lib/current-battle.ts';
import { createRouter, documentTitle, ROUTE_HASH, ROUTE_TITLE, type Route } from './lib/router.ts';
import { lazyPage } from './components/lazy-page.tsx';
import { UserMenu } from './components/user-menu.tsx';
import { ArenaPage } from './pages/arena-page.tsx';
import './styles.css';

// Who this browser is, before anything connects: signed out (team and oidc modes) means the sign-in page and no
// socket; in local mode this request also gives the page its session, so its battles survive a reload.
const auth: AuthState | Error = await fetchAuthState().catch((e: Error) => e);
const signedIn = !(auth instanceof Error) && auth.user !== null;

const state = createArenaState();
const models = createModelsStore();
const socket = createArenaSocket({
  // Without a session the server refuses the socket: do not knock on it.
  enabled: signedIn,
  url: arenaSocketUrl(location),
  onMessage: (msg) => {
    // An endpoint came up or went down: the pickers and the setup help follow without a reload.
    if (msg.type === 'models-changed') void models.refresh();
    else applyServerMessage(state, msg);
  },
  onStatus: (status) => applyConnectionStatus(state, status),
});
const actions = createArenaController(state, socket);
const router = createRouter(window);
// Loaded on first visit: the arena's first paint does not wait for charts and tables.
const LeaderboardPage = lazyPage(() => import('./pages/leaderboard-page.tsx'));
const ComparePage = lazyPage(() => import('./pages/compare-page.tsx'));
const ModelPage = lazyPage(() => import('./pages/model-page.tsx'));
const AdminPage = lazyPage(() => import('./pages/admin-page.tsx'));
const SignInPage = lazyPage(() => import('./pages/sign-in-page.tsx'));
const ModelsPage = lazyPage(() => import('./pages/models-page.tsx'));
const HistoryPage = lazyPage(() => import('./pages/history-page.tsx'));
const SharedPage = lazyPage(() => import('./pages/shared-page.tsx'));
const SetsPage = lazyPage(() => import('./pages/sets-page.tsx'));
const SpeedPage = lazyPage(() => import('./pages/speed-page.tsx'));

// A reload shows the tab's battle again (the server stored it); the id lives in sessionStorage.
void restoreCurrentBattle(state, sessionStorage);
rememberCurrentBattle(state, sessionStorage);
// Leaving the page stops running answers: the browser asks first.
window.addEventListener('beforeunload', (e) => {
  if (state.running.peek()) e.preventDefault();
});
// A title per route; a page may refine it (the battle or pair it shows).
effect(() => {
  document.title = documentTitle(ROUTE_TITLE[router.route.value]);
});

// Back online or back to the tab: do not wait out the backoff.
window.addEventListener('online', () => socket.reconnectNow());
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') socket.reconnectNow();
});
// A page served again after a restart may have new models.
let wasOpen = false;
state.connection.subscribe((s) => {
  if (s === 'open' && wasOpen) void models.refresh();
  if (s === 'open') wasOpen = true;
});

// Exposed for the end-to-end tests and for debugging from the console.
(window as unknown as { __versus: unknown }).__versus = { state, auth };

const CONNECTION_LABEL: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Reconnecting…',
};

const NAV: readonly [Route, string][] = [
  ['arena', 'Arena'],
  ['models', 'Models'],
  ['leaderboard', 'Leaderboard'],
  ['history', 'History'],
  ['sets', 'Sets'],
  ['speed', 'Speed'],
];

function App() {
  const r = router.route.value;
  const hash = router.hash.value;
  const conn = state.connection.value;
  if (auth instanceof Error) {
    return (
      <main class="page" id="main" tabIndex={-1}>
        <p class="notice" role="alert">
          Could not reach the Versus server ({auth.message}). <a href="">Reload</a> to try again.
        </p>
      </main>
    );
  }
  // An invite link opens the join page even for someone signed in (to join as the invited person).
  if (!signedIn || r === 'join') return <SignInPage auth={auth} hash={hash} />;
  const admin = auth.user?.role === 'admin';
  return (
    <>
      <a class="skip-link" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href={ROUTE_HASH.arena}>
          Versus
        </a>
        <nav aria-label="Pages">
          {NAV.map(([id, label]) => (
            // The comparison page belongs to the leaderboard in the menu.
            <a
              key={id}
              href={ROUTE_HASH[id]}
              aria-current={r === id || ((r === 'compare' || r === 'model') && id === 'leaderboard') ? 'page' : undefined}
            >
              {label}
            </a>
          ))}
          {admin ? (
            <a href={ROUTE_HASH.admin} aria-current={r === 'admin' ? 'page' : undefined}>
              Admin
            </a>
          ) : null}
        </nav>
        <span class={`conn conn-${conn}`} role="status" aria-live="polite" data-testid="connection">
          <span class="conn-dot" aria-hidden="true" />
          <span class="conn-label">{CONNECTION_LABEL[conn]}</span>
        </span>
        <UserMenu auth={auth} />
      </header>
      {r === 'arena' ? <ArenaPage state={state} actions={actions} models={models} /> : null}
      {r === 'models' ? <ModelsPage models={models} /> : null}
      {r === 'leaderboard' ? <LeaderboardPage hash={hash} /> : null}
      {r === 'compare' ? <ComparePage hash={hash} models={models} /> : null}
      {r === 'model' ? <ModelPage hash={hash} /> : null}
      {r === 'admin' ? admin ? <AdminPage auth={auth} /> : <NotAdmin /> : null}
      {r === 'history' ? <HistoryPage hash={hash} state={state} /> : null}
      {r === 'shared' ? <SharedPage hash={hash} /> : null}
      {r === 'sets' ? <SetsPage hash={hash} admin={admin} /> : null}
      {r === 'speed' ? <SpeedPage models={models} canRun={admin} /> : null}
    </>
  );
}

function NotAdmin() {
  return (
    <main class="page" id="main" tabIndex={-1}>
      <h1>Admin</h1>
      <p class="notice" role="alert">
        Only an admin can moderate, export or import. Ask an admin if you need this.
      </p>
    </main>
  );
}

render(<App />, document.getElementById('app')!);
// Fetch the Markdown renderer once the page is up, well before the first answer needs it.
setTimeout(() => void loadMarkdown().catch(() => {}), 0);
