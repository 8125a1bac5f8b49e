import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';

export interface PromptInputProps {
  id: string;
  label: string;
  placeholder: string;
  submitLabel: string;
  /** Disables sending (not typing). */
  disabled: boolean;
  busy?: boolean;
  maxChars: number;
  /** Returns true when the text was sent and the box may be cleared. */
  onSubmit: (text: string) => boolean;
  autoFocus?: boolean;
}

/** A prompt box: Enter sends, Shift+Enter starts a new line (and IME composition is left alone). */
export function PromptInput(props: PromptInputProps) {
  const text = useSignal('');
  const tooLong = text.value.length > props.maxChars;
  const empty = text.value.trim().length === 0;

  const submit = () => {
    if (props.disabled || empty || tooLong) return;
    if (props.onSubmit(text.value)) text.value = '';
  };
  const onKeyDown = (e: JSX.TargetedKeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      submit();
    }
  };

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
        id={props.id}
        rows={2}
        placeholder={props.placeholder}
        value={text.value}
        onInput={(e) => (text.value = e.currentTarget.value)}
        onKeyDown={onKeyDown}
        aria-describedby={`${props.id}-hint`}
        autoFocus={props.autoFocus}
      />
      <div class="prompt-row">
        <span id={`${props.id}-hint`} class={tooLong ? 'hint hint-error' : 'hint'}>
          {tooLong
            ? `${text.value.length.toLocaleString('en-US')} / ${props.maxChars.toLocaleString('en-US')} characters: too long`
            : 'Enter to send · Shift+Enter for a new line'}
        </span>
        <button type="submit" class="btn btn-primary" disabled={props.disabled || empty || tooLong} aria-busy={props.busy}>
          {props.busy ? 'Sending…' : props.submitLabel}
        </button>
      </div>
    </form>
  );
}
