import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { BattleSummary, BattleView } from '../../shared/battle-view.ts';
import { SIDES } from '../../shared/protocol.ts';
import { BattleTranscript } from '../components/history/battle-transcript.tsx';
import { CopyButton } from '../components/copy-button.tsx';
import { ApiRequestError, fetchBattle, fetchHistory, shareBattle, unshareBattle } from '../lib/api.ts';
import type { ArenaState } from '../lib/arena-state.ts';
import { confirmLeave } from '../lib/confirm-leave.ts';
import { pairText, totalsText, voteText, whenText } from '../lib/history-format.ts';
import { restoreBattle } from '../lib/restore-battle.ts';
import { documentTitle, historyHash, historyIdOf, ROUTE_HASH } from '../lib/router.ts';

function BattleItem({ b }: { b: BattleSummary }) {
  return (
    <li class="history-item" data-battle-id={b.id}>
      <div class="history-head">
        <a href={historyHash(b.id)} class="history-prompt">
          {b.firstPrompt}
        </a>
        <span class="badge badge-off">{b.mode === 'blind' ? 'Blind' : 'Named'}</span>
        {b.shared ? <span class="badge badge-ok">Shared</span> : null}
      </div>
      <p class="history-meta">
        <span>{whenText(b.createdAt)}</span> · <span>{pairText(b)}</span> ·{' '}
        <span>
          {b.turns} turn{b.turns === 1 ? '' : 's'}
        </span>{' '}
        · <strong data-testid="history-vote">{voteText(b.vote)}</strong>
      </p>
      {b.totals ? (
        <ul class="history-totals">
          {SIDES.map((s) => (
            <li key={s}>
              <span class={`side-badge side-badge-${s}`} aria-hidden="true">
                {s.toUpperCase()}
              </span>
              <span class="visually-hidden">{s.toUpperCase()}:</span> {totalsText(b.totals![s])}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function HistoryList() {
  const battles = useSignal<BattleSummary[] | null>(null);
  const next = useSignal<string | null>(null);
  const error = useSignal<string | null>(null);
  const loading = useSignal(false);
  const load = (before: string | null) => {
    loading.value = true;
    fetchHistory(before).then(
      (r) => {
        battles.value = [...(before ? (battles.peek() ?? []) : []), ...r.battles];
        next.value = r.next;
        error.value = null;
        loading.value = false;
      },
      (e: Error) => {
        error.value = e.message;
        loading.value = false;
      },
    );
  };
  useEffect(() => load(null), []);
  const list = battles.value;
  return (
    <>
      <h1>History</h1>
      <p class="hint">Your battles in this browser, newest first. They are private unless you share one.</p>
      {error.value ? (
        <p class="notice" role="alert">
          Could not load your history: {error.value}
        </p>
      ) : null}
      {list === null && !error.value ? (
        <p class="hint" role="status">
          Loading…
        </p>
      ) : null}
      {list && list.length === 0 ? (
        <p class="empty">
          No battles yet. <a href={ROUTE_HASH.arena}>Start one in the arena.</a>
        </p>
      ) : null}
      {list && list.length > 0 ? (
        <ol class="history-list" data-testid="history-list">
          {list.map((b) => (
            <BattleItem key={b.id} b={b} />
          ))}
        </ol>
      ) : null}
      {next.value ? (
        <button type="button" class="btn" onClick={() => load(next.peek())} disabled={loading.value}>
          {loading.value ? 'Loading…' : 'Show older battles'}
        </button>
      ) : null}
    </>
  );
}

function ShareControls({ view, onChange }: { view: BattleView; onChange: (shared: boolean) => void }) {
  const link = useSignal<string | null>(null);
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  const act = (f: () => Promise<void>) => {
    busy.value = true;
    error.value = null;
    f().then(
      () => (busy.value = false),
      (e: Error) => {
        busy.value = false;
        error.value = e.message;
      },
    );
  };
  const share = () =>
    act(async () => {
      const r = await shareBattle(view.id);
      link.value = `${location.origin}${location.pathname}${r.path}`;
      onChange(true);
    });
  const withdraw = () =>
    act(async () => {
      await unshareBattle(view.id);
      link.value = null;
      onChange(false);
    });
  return (
    <section class="share" aria-labelledby="share-title" data-testid="share">
      <h2 id="share-title">Share</h2>
      {link.value ? (
        <div class="share-link">
          <label for="share-url">Read-only link (shown once; a new link replaces it)</label>
          <div class="setup-command">
            <input id="share-url" type="text" readOnly value={link.value} onFocus={(e) => e.currentTarget.select()} />
            <CopyButton text={() => link.value ?? ''} what="the link" />
          </div>
        </div>
      ) : (
        <p class="hint">
          {view.shared
            ? 'A read-only link to this battle is live. Make a new one to see it again (the old one stops working), or withdraw it.'
            : 'Private: only this browser can see this battle. A link lets anyone who has it read it, without changing anything.'}
        </p>
      )}
      <div class="share-actions">
        <button type="button" class="btn" onClick={share} disabled={busy.value}>
          {view.shared || link.value ? 'Make a new link' : 'Create a read-only link'}
        </button>
        {view.shared || link.value ? (
          <button type="button" class="btn btn-ghost" onClick={withdraw} disabled={busy.value}>
            Withdraw the link
          </button>
        ) : null}
      </div>
      {error.value ? <p class="hint hint-error">{error.value}</p> : null}
    </section>
  );
}

function HistoryBattle({ id, state }: { id: string; state: ArenaState }) {
  const view = useSignal<BattleView | null>(null);
  const error = useSignal<{ status: number; message: string } | null>(null);
  useEffect(() => {
    view.value = null;
    error.value = null;
    fetchBattle(id).then(
      (v) => (view.value = v),
      (e: Error) => (error.value = { status: e instanceof ApiRequestError ? e.status : 0, message: e.message }),
    );
  }, [id]);
  const v = view.value;
  useEffect(() => {
    if (v) document.title = documentTitle(`Battle of ${whenText(v.createdAt)}`);
  }, [v]);
  const continueInArena = () => {
    if (!v || !confirmLeave(state, 'Stop them and open this battle instead?')) return;
    restoreBattle(state, v);
    location.hash = ROUTE_HASH.arena;
  };
  return (
    <>
      <p class="crumb">
        <a href={historyHash()}>← History</a>
      </p>
      {error.value ? (
        <p class="notice" role="alert" data-testid="battle-error">
          {error.value.status === 404 ? 'No such battle in your history.' : `Could not load this battle: ${error.value.message}`}
        </p>
      ) : null}
      {!v && !error.value ? (
        <p class="hint" role="status">
          Loading…
        </p>
      ) : null}
      {v ? (
        <>
          <h1>{v.turns[0]?.prompt.slice(0, 80) ?? 'Battle'}</h1>
          <p class="hint">
            {whenText(v.createdAt)} · {v.mode === 'blind' ? 'Blind battle' : 'Picked models'} · {pairText(v)} · {voteText(v.vote)}
          </p>
          {!v.vote ? (
            <p>
              <button type="button" class="btn btn-primary" onClick={continueInArena}>
                Continue in the arena
              </button>
            </p>
          ) : null}
          <ShareControls view={v} onChange={(shared) => (view.value = { ...v, shared })} />
          <BattleTranscript view={v} />
        </>
      ) : null}
    </>
  );
}

/** `#/history`: the session's battles; `#/history/<id>`: one of them in full, with its share link. */
export default function HistoryPage({ hash, state }: { hash: string; state: ArenaState }) {
  const id = historyIdOf(hash);
  return (
    <main class="page history" id="main" tabIndex={-1}>
      {id ? <HistoryBattle id={id} state={state} /> : <HistoryList />}
    </main>
  );
}
