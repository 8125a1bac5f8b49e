import type { SideMetrics } from '../../shared/metrics.ts';
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { Side, SideIdentity, SideSettings } from '../../shared/protocol.ts';
import type { SidePhase, SideState } from '../lib/arena-state.ts';
import { describeError, formatFinishReason, formatMs } from '../lib/format.ts';
import type { ScrollGroup } from '../lib/pane-scroll.ts';
import type { DiffPart } from '../lib/word-diff.ts';
import { AnswerBody } from './answer-body.tsx';
import { RetryButton } from './arena/retry-button.tsx';
import { SideSettingsNote } from './arena/side-settings-note.tsx';
import { CopyButton } from './copy-button.tsx';
import { SideMetricsBar } from './side-metrics.tsx';

export const PHASE_LABEL: Record<SidePhase, string> = {
  waiting: 'Waiting',
  streaming: 'Streaming',
  finished: 'Done',
  error: 'Error',
  cancelled: 'Stopped',
};

export interface PaneActions {
  onStop: (side: Side) => void;
  /** Null when this side cannot be run again now (it finished, or the battle took its vote). */
  onRetry: ((side: Side) => void) | null;
  retrying: boolean;
  /** Another request is on its way, or the page is offline. */
  busy: boolean;
}

interface Props {
  side: SideState;
  identity: SideIdentity | null;
  settings?: SideSettings | undefined;
  costHidden: boolean;
  /** The figures the vote revealed (blind battles withhold some until then). */
  revealed?: SideMetrics | null | undefined;
  /** Only the latest turn of a live battle can be stopped or retried. */
  actions: PaneActions | null;
  scrollGroup: ScrollGroup | null;
  /** Shown instead of the Markdown while "what differs" is on. */
  diff: DiffPart[] | null;
  /** Set when the pane is a tab panel (phone layout). */
  panel?: { id: string; labelledBy: string; hidden: boolean } | undefined;
}

/** Counts up while a side waits for its first token, so a slow start is visible. */
function WaitingFor() {
  const since = useSignal(performance.now());
  const now = useSignal(since.peek());
  useEffect(() => {
    const t = setInterval(() => (now.value = performance.now()), 100);
    return () => clearInterval(t);
  }, []);
  return (
    <p class="waiting">
      <span class="dots" aria-hidden="true">
        <i />
        <i />
        <i />
      </span>
      Waiting for the first token… {formatMs(now.value - since.value)}
    </p>
  );
}

function ErrorBox({ side }: { side: SideState }) {
  const e = side.error.value;
  if (!e) return null;
  const v = describeError(e);
  const stopped = side.phase.value === 'cancelled';
  return (
    <div class={stopped ? 'side-note' : 'side-error'} data-error-kind={e.kind}>
      <div class="error-head">
        <strong>{v.title}</strong>
        {v.retry ? <span class="retry">{v.retry}</span> : null}
      </div>
      {v.detail && v.detail !== v.title ? <div class="detail">{v.detail}</div> : null}
      {v.hint ? <div class="error-hint">{v.hint}</div> : null}
    </div>
  );
}

function DiffText({ parts }: { parts: DiffPart[] }) {
  return (
    <p class="diff-text" data-testid="diff-text">
      {parts.map((p, i) =>
        p.changed ? (
          <mark key={i} class="diff-mark">
            {p.text}
          </mark>
        ) : (
          p.text
        ),
      )}
    </p>
  );
}

export function AnswerPane({ side, identity, settings, costHidden, revealed, actions, scrollGroup, diff, panel }: Props) {
  const phase = side.phase.value;
  const running = phase === 'waiting' || phase === 'streaming';
  const letter = side.side.toUpperCase();
  const finish = formatFinishReason(side.finishReason.value);
  const stoppedWithoutError = phase === 'cancelled' && !side.error.value;
  const scrollRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const canRetry = actions?.onRetry && (phase === 'error' || phase === 'cancelled');

  useEffect(() => {
    const scroller = scrollRef.current;
    const content = contentRef.current;
    if (!scroller || !content) return;
    let detach: (() => void) | undefined;
    let gone = false;
    // Loaded with the first answer pane rather than with the page, whose first load has a budget (60 kB gzipped).
    // The follower's first observation sees whatever text came meanwhile. Should the chunk not load, the pane
    // only does not follow its stream: nothing to tell the reader.
    import('../lib/pane-scroll.ts')
      .then(({ attachPaneScroll }) => {
        if (!gone) detach = attachPaneScroll(scroller, content, scrollGroup);
      })
      .catch(() => undefined);
    return () => {
      gone = true;
      detach?.();
    };
  }, [scrollGroup]);

  return (
    <section
      class={`pane pane-${side.side}`}
      data-side={side.side}
      data-phase={phase}
      aria-label={`Answer ${letter}`}
      {...(panel ? { id: panel.id, role: 'tabpanel', 'aria-labelledby': panel.labelledBy, hidden: panel.hidden } : {})}
    >
      <header class="pane-head">
        <span class="side-badge" aria-hidden="true">
          {letter}
        </span>
        <span class="pane-title">
          {identity ? (
            <>
              <span class="model-name" data-testid="model-name">
                {identity.label}
              </span>{' '}
              <span class="org">{identity.organisation}</span>
            </>
          ) : (
            <span class="model-name model-hidden">Model {letter}</span>
          )}
        </span>
        <span class={`phase phase-${phase}`}>{PHASE_LABEL[phase]}</span>
        {side.text.value !== '' ? <CopyButton text={() => side.text.peek()} what={`answer ${letter}`} /> : null}
        {actions && running ? (
          <button
            type="button"
            class="btn btn-small"
            onClick={() => actions.onStop(side.side)}
            disabled={side.stopping.value}
            aria-label={`Stop answer ${letter}`}
          >
            {side.stopping.value ? 'Stopping…' : 'Stop'}
          </button>
        ) : null}
        {canRetry ? (
          <RetryButton
            letter={letter}
            error={side.error.value}
            busy={actions.retrying}
            disabled={actions.busy}
            onRetry={() => actions.onRetry?.(side.side)}
          />
        ) : null}
      </header>
      <SideSettingsNote settings={settings} />
      {/* Focusable: it scrolls, and a keyboard must be able to scroll it. */}
      <div class="pane-scroll" ref={scrollRef} tabIndex={0} aria-busy={running}>
        <div class="pane-content" ref={contentRef}>
          {phase === 'waiting' ? <WaitingFor /> : null}
          <div hidden={diff !== null}>
            <AnswerBody side={side} />
          </div>
          {diff ? <DiffText parts={diff} /> : null}
          {stoppedWithoutError ? <div class="side-note">Stopped.</div> : null}
          <ErrorBox side={side} />
          {finish && phase === 'finished' ? <div class="side-note">Answer {finish}.</div> : null}
        </div>
      </div>
      <SideMetricsBar side={side} costHidden={costHidden} revealed={revealed} />
    </section>
  );
}
