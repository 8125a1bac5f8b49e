import { useEffect } from 'preact/hooks';
import { SIDES } from '../../shared/protocol.ts';
import type { ArenaController } from '../lib/arena-controller.ts';
import type { ArenaState, TurnState } from '../lib/arena-state.ts';
import type { ModelsStore } from '../lib/models-store.ts';
import { AnswerPane } from '../components/answer-pane.tsx';
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

function Turn({ turn, latest, state, actions }: { turn: TurnState; latest: boolean; state: ArenaState; actions: ArenaController }) {
  const ids = state.identities.value;
  const blind = state.battle.value?.mode === 'blind' && state.vote.value === null;
  return (
    <article class="turn" data-turn={turn.turn} aria-label={`Turn ${turn.turn + 1}`}>
      <div class="turn-prompt">
        <span class="you">You</span>
        <p>{turn.prompt}</p>
      </div>
      <div class="pair">
        {SIDES.map((s) => (
          <AnswerPane
            key={s}
            side={turn.sides[s]}
            identity={ids[s]}
            costHidden={blind}
            revealed={latest ? state.vote.value?.reveal[s].metrics : undefined}
            onStop={latest ? (side) => actions.stop(side) : null}
          />
        ))}
      </div>
    </article>
  );
}

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

  useEffect(() => {
    void models.refresh();
  }, []);

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
          maxChars={state.limits.value.promptChars}
          connected={connected}
          busy={pending?.kind === 'start'}
          onStart={actions.start}
        />
        {noticeBox}
        <p class="intro">
          One prompt, two models, answers side by side as they stream — with time to first token, speed and cost. Vote for the
          better answer; votes build the <a href="#/leaderboard">leaderboard</a>.
        </p>
      </main>
    );
  }

  return (
    <main class="arena" id="main" tabIndex={-1}>
      <h1 class="visually-hidden">Arena battle</h1>
      <div class="battle-bar">
        <span class="battle-mode">{battle.mode === 'blind' ? 'Blind battle' : 'Picked models'}</span>
        <span class="spacer" />
        {running ? (
          <button type="button" class="btn" onClick={() => actions.stop()} aria-keyshortcuts="Escape">
            Stop both <kbd aria-hidden="true">Esc</kbd>
          </button>
        ) : null}
        {!vote ? (
          <button type="button" class="btn btn-ghost" onClick={actions.newBattle}>
            New battle
          </button>
        ) : null}
      </div>
      {turns.map((t, i) => (
        <Turn key={`${t.battleId}:${t.turn}`} turn={t} latest={i === turns.length - 1} state={state} actions={actions} />
      ))}
      {noticeBox}
      {vote ? (
        <RevealPanel vote={vote} onNewBattle={actions.newBattle} />
      ) : (
        <>
          <VoteBar
            enabled={state.canVote.value}
            sending={pending?.kind === 'vote' ? pending.choice : null}
            hint={voteHint(state)}
            onVote={actions.vote}
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
              onSubmit={actions.followUp}
            />
          </div>
        </>
      )}
    </main>
  );
}
