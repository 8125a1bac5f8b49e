import { signal } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import type { BattleView } from '../../../shared/battle-view.ts';
import { turnsFromView, voteFromView } from '../../lib/restore-battle.ts';
import { BattleTurn } from '../arena/battle-turn.tsx';
import { RevealPanel } from '../reveal-panel.tsx';

/** No scroll sync in a transcript: panes are read one at a time. */
const NO_SYNC = signal(false);

/** A stored battle, read-only: every turn's two answers with their figures, then the vote and what it revealed. */
export function BattleTranscript({ view }: { view: BattleView }) {
  const turns = useMemo(() => turnsFromView(view), [view]);
  const vote = useMemo(() => voteFromView(view), [view]);
  const blind = view.mode === 'blind' && view.vote === null;
  return (
    <div class="transcript" data-testid="transcript">
      {turns.map((t) => (
        <BattleTurn
          key={t.turn}
          turn={t}
          identities={view.sides}
          settings={view.settings}
          costHidden={blind}
          revealed={null}
          actions={null}
          syncScroll={NO_SYNC}
          announce={false}
        />
      ))}
      {vote ? (
        <RevealPanel vote={vote} onNewBattle={null} />
      ) : (
        <p class="hint" data-testid="no-vote">
          No vote yet{blind ? ': the models stay hidden until there is one.' : '.'}
        </p>
      )}
    </div>
  );
}
