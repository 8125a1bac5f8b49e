import { useSignal, type ReadonlySignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { SideMetrics } from '../../../shared/metrics.ts';
import { SIDES, type BattleSettings, type Side, type SideIdentity } from '../../../shared/protocol.ts';
import type { SideState, TurnState } from '../../lib/arena-state.ts';
import { describeError } from '../../lib/format.ts';
import type { ScrollGroup } from '../../lib/pane-scroll.ts';
import { PHONE_QUERY, useMediaQuery } from '../../lib/use-media-query.ts';
import type { WordDiff } from '../../lib/word-diff.ts';
import { loadWordDiff } from '../../lib/word-diff-loader.ts';
import { AnswerPane, PHASE_LABEL, type PaneActions } from '../answer-pane.tsx';

interface Props {
  turn: TurnState;
  identities: Record<Side, SideIdentity | null>;
  settings: BattleSettings | null;
  costHidden: boolean;
  /** The figures the vote revealed for this turn, when it is the latest. */
  revealed: Record<Side, SideMetrics | null> | null;
  actions: PaneActions | null;
  syncScroll: ReadonlySignal<boolean>;
  /** Announce status changes (the latest turn of a live battle only). */
  announce: boolean;
}

/** What the side's live region says: its status, once per change, never its tokens. */
function statusLine(s: SideState): string {
  const letter = s.side.toUpperCase();
  switch (s.phase.value) {
    case 'waiting':
      return '';
    case 'streaming':
      return `Answer ${letter} is streaming.`;
    case 'finished':
      return `Answer ${letter} is done.`;
    case 'cancelled':
      return `Answer ${letter} was stopped.`;
    case 'error': {
      const e = s.error.value;
      return `Answer ${letter} failed${e ? `: ${describeError(e).title}` : ''}.`;
    }
  }
}

type DiffState = { status: 'off' } | { status: 'loading' } | { status: 'on'; diff: WordDiff } | { status: 'failed'; why: string };

/**
 * One prompt and its two answers. Wide screens show the answers side by
 * side; a phone shows one at a time under A/B tabs that carry both statuses.
 */
export function BattleTurn({ turn, identities, settings, costHidden, revealed, actions, syncScroll, announce }: Props) {
  const phone = useMediaQuery(PHONE_QUERY);
  const shown = useSignal<Side>('a');
  const diff = useSignal<DiffState>({ status: 'off' });
  const group: ScrollGroup = useMemo(() => ({ sync: syncScroll, members: new Set() }), [syncScroll]);
  const tabRefs = useRef<Record<Side, HTMLButtonElement | null>>({ a: null, b: null });
  const id = (part: string, s: Side) => `turn-${turn.battleId}-${turn.turn}-${part}-${s}`;

  const a = turn.sides.a;
  const b = turn.sides.b;
  const comparable = turn.ended.value && a.text.value.trim() !== '' && b.text.value.trim() !== '';
  // A retry replaces an answer: a diff of the old one would mislead.
  useEffect(() => {
    if (!comparable && diff.peek().status !== 'off') diff.value = { status: 'off' };
  }, [comparable]);

  const toggleDiff = () => {
    if (diff.peek().status !== 'off') {
      diff.value = { status: 'off' };
      return;
    }
    diff.value = { status: 'loading' };
    loadWordDiff().then(
      (wordDiff) => {
        const d = wordDiff(a.text.peek(), b.text.peek());
        diff.value = d ? { status: 'on', diff: d } : { status: 'failed', why: 'The answers are too unlike to compare word by word.' };
      },
      () => (diff.value = { status: 'failed', why: 'Could not load the comparison; try again.' }),
    );
  };

  const onTabKey = (e: JSX.TargetedKeyboardEvent<HTMLButtonElement>) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight' && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    const next: Side = e.key === 'Home' ? 'a' : e.key === 'End' ? 'b' : shown.peek() === 'a' ? 'b' : 'a';
    shown.value = next;
    tabRefs.current[next]?.focus();
  };

  const d = diff.value;
  return (
    <article class="turn" data-turn={turn.turn} aria-label={`Turn ${turn.turn + 1}`} tabIndex={-1}>
      <div class="turn-prompt">
        <span class="you">You</span>
        <p>{turn.prompt}</p>
        {comparable ? (
          <button type="button" class="btn btn-small btn-ghost diff-toggle" aria-pressed={d.status !== 'off'} onClick={toggleDiff}>
            What differs
          </button>
        ) : null}
      </div>
      {d.status === 'failed' ? <p class="hint">{d.why}</p> : null}
      {d.status === 'on' ? (
        <p class="hint diff-legend">Highlighted: words the other answer does not have. Plain text while this is on.</p>
      ) : null}
      {phone ? (
        <div class="pair-tabs" role="tablist" aria-label={`Answers of turn ${turn.turn + 1}`}>
          {SIDES.map((s) => (
            <button
              key={s}
              type="button"
              role="tab"
              id={id('tab', s)}
              ref={(el) => {
                tabRefs.current[s] = el;
              }}
              class={`pair-tab pair-tab-${s}`}
              aria-selected={shown.value === s}
              aria-controls={id('pane', s)}
              tabIndex={shown.value === s ? 0 : -1}
              onClick={() => (shown.value = s)}
              onKeyDown={onTabKey}
              data-phase={turn.sides[s].phase.value}
            >
              <span class="side-badge" aria-hidden="true">
                {s.toUpperCase()}
              </span>
              <span class="visually-hidden">Answer {s.toUpperCase()}:</span>
              <span class={`phase phase-${turn.sides[s].phase.value}`}>{PHASE_LABEL[turn.sides[s].phase.value]}</span>
            </button>
          ))}
        </div>
      ) : null}
      <div class="pair">
        {SIDES.map((s) => (
          <AnswerPane
            key={s}
            side={turn.sides[s]}
            identity={identities[s]}
            settings={settings?.[s]}
            costHidden={costHidden}
            revealed={revealed?.[s]}
            actions={actions}
            scrollGroup={group}
            diff={d.status === 'on' ? d.diff[s] : null}
            panel={phone ? { id: id('pane', s), labelledBy: id('tab', s), hidden: shown.value !== s } : undefined}
          />
        ))}
      </div>
      {announce
        ? SIDES.map((s) => (
            <p key={s} class="visually-hidden" aria-live="polite" data-testid={`status-${s}`}>
              {statusLine(turn.sides[s])}
            </p>
          ))
        : null}
    </article>
  );
}
