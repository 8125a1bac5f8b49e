import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { BattleView } from '../../shared/battle-view.ts';
import { BattleTranscript } from '../components/history/battle-transcript.tsx';
import { ApiRequestError, fetchShared } from '../lib/api.ts';
import { pairText, voteText, whenText } from '../lib/history-format.ts';
import { ROUTE_HASH, sharedTokenOf } from '../lib/router.ts';

/** `#/shared/<token>`: a battle someone shared, read-only (no vote, retry or follow-up). */
export default function SharedPage({ hash }: { hash: string }) {
  const token = sharedTokenOf(hash);
  const view = useSignal<BattleView | null>(null);
  const error = useSignal<{ status: number; message: string } | null>(null);
  useEffect(() => {
    view.value = null;
    error.value = null;
    if (!token) {
      error.value = { status: 404, message: 'no link' };
      return;
    }
    fetchShared(token).then(
      (v) => (view.value = v),
      (e: Error) => (error.value = { status: e instanceof ApiRequestError ? e.status : 0, message: e.message }),
    );
  }, [token]);
  const v = view.value;
  return (
    <main class="page shared" id="main" tabIndex={-1}>
      {error.value ? (
        <>
          <h1>Battle not found</h1>
          <p class="notice" role="alert" data-testid="shared-error" data-status={error.value.status}>
            {error.value.status === 404
              ? 'This link does not lead to a battle: it may have been withdrawn, or the battle was never shared.'
              : `Could not load this battle: ${error.value.message}`}
          </p>
          <p>
            <a href={ROUTE_HASH.arena}>Go to the arena</a>
          </p>
        </>
      ) : null}
      {!v && !error.value ? (
        <p class="hint" role="status">
          Loading…
        </p>
      ) : null}
      {v ? (
        <>
          <h1>{v.turns[0]?.prompt.slice(0, 80) ?? 'Shared battle'}</h1>
          <p class="hint" data-testid="shared-meta">
            Shared battle, read-only · {whenText(v.createdAt)} · {v.mode === 'blind' ? 'Blind battle' : 'Picked models'} · {pairText(v)} ·{' '}
            {voteText(v.vote)}
          </p>
          <BattleTranscript view={v} />
        </>
      ) : null}
    </main>
  );
}
