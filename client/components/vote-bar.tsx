import type { VoteChoice } from '../../shared/protocol.ts';

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

interface Props {
  enabled: boolean;
  sending: VoteChoice | null;
  /** Why voting is not open yet (shown, and announced). */
  hint: string;
  onVote: (choice: VoteChoice) => void;
}

export function VoteBar({ enabled, sending, hint, onVote }: Props) {
  return (
    <div class="vote-bar" role="group" aria-label="Vote" aria-describedby="vote-hint">
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
