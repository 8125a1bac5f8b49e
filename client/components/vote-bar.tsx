import type { VoteChoice } from '../../shared/protocol.ts';
import type { NotCountedReason } from '../lib/arena-state.ts';

export const VOTE_OPTIONS: readonly { choice: VoteChoice; label: string; keys: readonly string[] }[] = [
  { choice: 'a', label: 'A is better', keys: ['1', 'a'] },
  { choice: 'b', label: 'B is better', keys: ['2', 'b'] },
  { choice: 'tie', label: 'Tie', keys: ['3', 't'] },
  { choice: 'both_bad', label: 'Both are bad', keys: ['4', 'x'] },
];

/** The vote choice for a key press, or null. */
export function voteForKey(key: string): VoteChoice | null {
  const k = key.toLowerCase();
  return VOTE_OPTIONS.find((o) => o.keys.includes(k))?.choice ?? null;
}

/** Said before the vote, in the server's terms (acceptVote), so nobody learns it only afterwards. */
export const CAVEAT_TEXT: Record<NotCountedReason, string> = {
  side_not_finished:
    'An answer failed or was stopped: your vote is kept, but it will not count for the ratings. Retry that side first for a vote that counts.',
  same_model: 'Both sides run the same model: your vote is kept and exported, but it will not count for the ratings.',
};

interface Props {
  enabled: boolean;
  /** Why a vote now would not count for the ratings, if it would not. */
  caveat: NotCountedReason | null;
  sending: VoteChoice | null;
  /** Why voting is not open yet (shown, and announced). */
  hint: string;
  onVote: (choice: VoteChoice) => void;
}

/**
 * The four choices. Once voting opens the bar docks to the bottom of the
 * window, so it stays in view however long the answers are.
 */
export function VoteBar({ enabled, caveat, sending, hint, onVote }: Props) {
  return (
    <div
      class={enabled ? 'vote-bar vote-bar-docked' : 'vote-bar'}
      role="group"
      aria-label="Vote"
      aria-describedby={caveat ? 'vote-hint vote-caveat' : 'vote-hint'}
      data-testid="vote-bar"
    >
      {caveat ? (
        <p id="vote-caveat" class="vote-caveat" data-reason={caveat}>
          {CAVEAT_TEXT[caveat]}
        </p>
      ) : null}
      <div class="vote-buttons">
        {VOTE_OPTIONS.map((o) => (
          <button
            key={o.choice}
            type="button"
            class={`btn btn-vote vote-${o.choice}`}
            disabled={!enabled}
            aria-keyshortcuts={o.keys.map((k) => k.toUpperCase()).join(' ')}
            title={`Shortcut: ${o.keys[0]} or ${o.keys[1]!.toUpperCase()}`}
            onClick={() => onVote(o.choice)}
            aria-busy={sending === o.choice}
          >
            {o.label} <kbd aria-hidden="true">{o.keys[0]}</kbd>
          </button>
        ))}
      </div>
      <p id="vote-hint" class="hint" aria-live="polite">
        {hint}
      </p>
    </div>
  );
}
