import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { codePointLength } from '../../shared/code-point-length.ts';

export interface PromptInputProps {
  id: string;
  label: string;
  placeholder: string;
  submitLabel: string;
  /** Disables sending (not typing). */
  disabled: boolean;
  /** Disables the box itself, with the reason shown under it (no model to send to, for one). */
  lockedReason?: string | null | undefined;
  busy?: boolean;
  maxChars: number;
  /** Returns true when the text was sent and the box may be cleared. */
  onSubmit: (text: string) => boolean;
  /** Take focus when it appears (the arena's first box, and after "New battle"). */
  autoFocus?: boolean;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * A prompt box: Enter sends, Shift+Enter starts a new line (and IME
 * composition is left alone). Length is counted in characters (code points),
 * as the server counts it.
 */
export function PromptInput(props: PromptInputProps) {
  const text = useSignal('');
  const ref = useRef<HTMLTextAreaElement>(null);
  const length = codePointLength(text.value);
  const tooLong = length > props.maxChars;
  const near = length > props.maxChars * 0.9;
  const empty = text.value.trim().length === 0;
  const locked = Boolean(props.lockedReason);

  useEffect(() => {
    if (props.autoFocus && !locked) ref.current?.focus();
  }, [locked]);

  const submit = () => {
    if (props.disabled || locked || empty || tooLong) return;
    if (props.onSubmit(text.value)) text.value = '';
  };
  const onKeyDown = (e: JSX.TargetedKeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      submit();
    }
  };

  let hint = 'Enter to send · Shift+Enter for a new line';
  if (locked) hint = props.lockedReason!;
  else if (tooLong) hint = `${fmt(length)} / ${fmt(props.maxChars)} characters: too long`;
  else if (near) hint = `${fmt(length)} / ${fmt(props.maxChars)} characters`;

  return (
    <form
      class="prompt-input"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label class="visually-hidden" for={props.id}>
        {props.label}
      </label>
      <textarea
        ref={ref}
        id={props.id}
        rows={2}
        placeholder={locked ? 'Add models to start' : props.placeholder}
        value={text.value}
        disabled={locked}
        onInput={(e) => (text.value = e.currentTarget.value)}
        onKeyDown={onKeyDown}
        aria-describedby={`${props.id}-hint`}
        aria-invalid={tooLong}
      />
      <div class="prompt-row">
        <span id={`${props.id}-hint`} class={tooLong || locked ? 'hint hint-error' : 'hint'} data-testid={`${props.id}-hint`}>
          {hint}
        </span>
        <button type="submit" class="btn btn-primary" disabled={props.disabled || locked || empty || tooLong} aria-busy={props.busy}>
          {props.busy ? 'Sending…' : props.submitLabel}
        </button>
      </div>
    </form>
  );
}
