import type { SideMetrics } from '../../shared/metrics.ts';
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { SideIdentity, Side } from '../../shared/protocol.ts';
import type { SidePhase, SideState } from '../lib/arena-state.ts';
import { describeError, formatFinishReason, formatMs } from '../lib/format.ts';
import { AnswerBody } from './answer-body.tsx';
import { SideMetricsBar } from './side-metrics.tsx';

const PHASE_LABEL: Record<SidePhase, string> = {
  waiting: 'Waiting',
  streaming: 'Streaming',
  finished: 'Done',
  error: 'Error',
  cancelled: 'Stopped',
};

interface Props {
  side: SideState;
  identity: SideIdentity | null;
  costHidden: boolean;
  /** The figures the vote revealed (blind battles withhold some until then). */
  revealed?: SideMetrics | null | undefined;
  /** Only the latest turn can be stopped. */
  onStop: ((side: Side) => void) | null;
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
    <p class="waiting" role="status">
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
    <div class={stopped ? 'side-note' : 'side-error'} role={stopped ? 'status' : 'alert'} data-error-kind={e.kind}>
      <div class="error-head">
        <strong>{v.title}</strong>
        {v.retry ? <span class="retry">{v.retry}</span> : null}
      </div>
      {v.detail && v.detail !== v.title ? <div class="detail">{v.detail}</div> : null}
      {v.hint ? <div class="error-hint">{v.hint}</div> : null}
    </div>
  );
}

export function AnswerPane({ side, identity, costHidden, revealed, onStop }: Props) {
  const phase = side.phase.value;
  const running = phase === 'waiting' || phase === 'streaming';
  const letter = side.side.toUpperCase();
  const finish = formatFinishReason(side.finishReason.value);
  const stoppedWithoutError = phase === 'cancelled' && !side.error.value;

  return (
    <section class={`pane pane-${side.side}`} data-side={side.side} data-phase={phase} aria-label={`Answer ${letter}`}>
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
        {onStop && running ? (
          <button
            type="button"
            class="btn btn-small"
            onClick={() => onStop(side.side)}
            disabled={side.stopping.value}
            aria-label={`Stop answer ${letter}`}
          >
            {side.stopping.value ? 'Stopping…' : 'Stop'}
          </button>
        ) : null}
      </header>
      <div class="pane-content">
        {phase === 'waiting' ? <WaitingFor /> : null}
        <AnswerBody side={side} />
        {stoppedWithoutError ? (
          <div class="side-note" role="status">
            Stopped.
          </div>
        ) : null}
        <ErrorBox side={side} />
        {finish && phase === 'finished' ? <div class="side-note">Answer {finish}.</div> : null}
      </div>
      <SideMetricsBar side={side} costHidden={costHidden} revealed={revealed} />
    </section>
  );
}
