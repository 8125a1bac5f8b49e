import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { copyText } from '../lib/copy-text.ts';

interface Props {
  /** Read at click time, so a streaming answer copies what is there then. */
  text: () => string;
  /** What is copied, after the button's word, for screen readers: "answer A" makes "Copy answer A". */
  what: string;
  class?: string;
}

/** A small button that copies text and says so for a moment (politely announced). */
export function CopyButton({ text, what, class: cls }: Props) {
  const state = useSignal<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state.value === 'idle') return;
    const t = setTimeout(() => (state.value = 'idle'), 1600);
    return () => clearTimeout(t);
  }, [state.value]);
  const word = state.value === 'copied' ? 'Copied' : state.value === 'failed' ? 'Copy failed' : 'Copy';
  // The announcement sits beside the button: a button's children are presentational, so a live region inside it is not read.
  return (
    <>
      <button
        type="button"
        class={`btn btn-small btn-copy${cls ? ` ${cls}` : ''}`}
        // The visible word starts the name (WCAG 2.5.3: a speech user says what they see).
        aria-label={`${word} ${what}`}
        data-state={state.value}
        onClick={() => void copyText(text()).then((ok) => (state.value = ok ? 'copied' : 'failed'))}
      >
        {word}
      </button>
      <span class="visually-hidden" aria-live="polite">
        {state.value === 'copied' ? 'Copied' : state.value === 'failed' ? 'Could not copy' : ''}
      </span>
    </>
  );
}
