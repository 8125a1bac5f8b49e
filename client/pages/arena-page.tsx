import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { ArenaController } from '../lib/arena-controller.ts';
import type { ArenaState } from '../lib/arena-state.ts';
import { confirmLeave } from '../lib/confirm-leave.ts';
import type { ModelsStore } from '../lib/models-store.ts';
import { PHONE_QUERY, useMediaQuery } from '../lib/use-media-query.ts';
import { BattleTurn } from '../components/arena/battle-turn.tsx';
import { Composer } from '../components/composer.tsx';
import { PromptInput } from '../components/prompt-input.tsx';
import { RevealPanel } from '../components/reveal-panel.tsx';
import { VoteBar, voteForKey } from '../components/vote-bar.tsx';

interface Props {
  state: ArenaState;
  actions: ArenaController;
  models: ModelsStore;
}

const isTyping = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

function voteHint(state: ArenaState): string {
  if (state.vote.value) return '';
  if (state.pending.value?.kind === 'vote') return 'Recording your vote…';
  if (state.running.value) return 'Voting opens when both answers are complete.';
  if (state.connection.value !== 'open' && state.votable.value) return 'Voting resumes once the page has reconnected.';
  if (state.canVote.value) return 'Which answer is better? Keys 1–4 (or A, B, T, X).';
  return '';
}

export function ArenaPage({ state, actions, models }: Props) {
  const battle = state.battle.value;
  const turns = state.turns.value;
  const pending = state.pending.value;
  const connected = state.connection.value === 'open';
  const running = state.running.value;
  const vote = state.vote.value;
  const syncScroll = useSignal(false);
  const phone = useMediaQuery(PHONE_QUERY);
  const mainRef = useRef<HTMLElement>(null);
  const focusedBattle = useRef<string | null>(null);

  useEffect(() => {
    void models.refresh();
  }, []);

  const newBattle = () => {
    if (confirmLeave(state, 'Stop them and start a new battle?')) actions.newBattle();
  };
  const reroll = () => {
    const lost = state.running.peek() || state.turns.peek().length > 1;
    if (
      !lost ||
      window.confirm(
        'Ask two other models the first prompt? This battle stays in your history, unvoted; its follow-ups and unfinished answers stop here.',
      )
    ) {
      actions.reroll();
    }
  };

  // After sending, focus moves to the battle (where the vote keys work), not to <body>.
  useEffect(() => {
    const id = battle?.battleId ?? null;
    if (id === null || turns.length === 0 || focusedBattle.current === id) return;
    focusedBattle.current = id;
    mainRef.current?.querySelector<HTMLElement>('article.turn')?.focus({ preventScroll: true });
  }, [battle?.battleId, turns.length]);

  // Vote shortcuts (1–4, A/B/T/X), N for a new battle after the vote, Escape stops both answers.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'Escape' && state.running.peek()) {
        actions.stop();
        return;
      }
      if (isTyping(e.target)) return;
      if (state.vote.peek() && e.key.toLowerCase() === 'n') {
        e.preventDefault();
        actions.newBattle();
        return;
      }
      const choice = voteForKey(e.key);
      if (choice && state.canVote.peek()) {
        e.preventDefault();
        actions.vote(choice);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [state, actions]);

  const notice = state.notice.value;
  const noticeBox = notice ? (
    <div class={notice.code === 'connection' ? 'notice notice-info' : 'notice'} role="alert" data-code={notice.code}>
      {notice.message}
    </div>
  ) : null;

  if (!battle) {
    return (
      <main class="arena" id="main" tabIndex={-1}>
        <h1 class="visually-hidden">Arena</h1>
        <Composer
          models={models}
          limits={state.limits.value}
          connected={connected}
          busy={pending?.kind === 'start'}
          onStart={(...args) => actions.start(...args)}
        />
        {noticeBox}
        <p class="intro">
          One prompt, two models, answers side by side as they stream — with time to first token, speed and cost. Vote for the better
          answer; votes build the <a href="#/leaderboard">leaderboard</a>.
        </p>
      </main>
    );
  }

  const ids = state.identities.value;
  const blind = battle.mode === 'blind' && vote === null;
  const paneActions = {
    onStop: (side: 'a' | 'b') => actions.stop(side),
    onRetry: vote === null && connected ? (side: 'a' | 'b') => actions.retry(side) : null,
    retrying: pending?.kind === 'retry',
    busy: pending !== null || !connected,
  };
  const revealed = vote ? { a: vote.reveal.a.metrics, b: vote.reveal.b.metrics } : null;

  return (
    <main class="arena" id="main" tabIndex={-1} ref={mainRef}>
      <h1 class="visually-hidden">Arena battle</h1>
      <div class="battle-bar">
        <span class="battle-mode">{battle.mode === 'blind' ? 'Blind battle' : 'Picked models'}</span>
        <span class="spacer" />
        {!phone && turns.length > 0 ? (
          <label class="check sync-toggle">
            <input type="checkbox" checked={syncScroll.value} onChange={(e) => (syncScroll.value = e.currentTarget.checked)} />
            Scroll both
          </label>
        ) : null}
        {running ? (
          <button type="button" class="btn" onClick={() => actions.stop()} aria-keyshortcuts="Escape">
            Stop both <kbd aria-hidden="true">Esc</kbd>
          </button>
        ) : null}
        {battle.mode === 'blind' && !vote && turns.length > 0 ? (
          <button
            type="button"
            class="btn btn-ghost"
            onClick={reroll}
            disabled={pending !== null || !connected}
            title="The same prompt to two other randomly drawn models"
          >
            New pair
          </button>
        ) : null}
        {!vote ? (
          <button type="button" class="btn btn-ghost" onClick={newBattle}>
            New battle
          </button>
        ) : null}
      </div>
      {turns.map((t, i) => {
        const latest = i === turns.length - 1;
        return (
          <BattleTurn
            key={`${t.battleId}:${t.turn}`}
            turn={t}
            identities={ids}
            settings={battle.settings}
            costHidden={blind}
            revealed={latest ? revealed : null}
            actions={latest ? paneActions : null}
            syncScroll={syncScroll}
            announce={latest}
          />
        );
      })}
      {noticeBox}
      {vote ? (
        <RevealPanel vote={vote} onNewBattle={() => actions.newBattle()} focusOnMount />
      ) : (
        <>
          <VoteBar
            enabled={state.canVote.value}
            caveat={state.voteCaveat.value}
            sending={pending?.kind === 'vote' ? pending.choice : null}
            hint={voteHint(state)}
            onVote={(choice) => actions.vote(choice)}
          />
          <div class="follow-up">
            <PromptInput
              id="follow-up"
              label="Follow-up prompt"
              placeholder={running ? 'Follow up once both answers are done…' : 'Ask both models a follow-up…'}
              submitLabel="Follow up"
              disabled={!state.canFollowUp.value}
              busy={pending?.kind === 'follow-up'}
              maxChars={state.limits.value.promptChars}
              onSubmit={(text) => actions.followUp(text)}
            />
          </div>
        </>
      )}
    </main>
  );
}
