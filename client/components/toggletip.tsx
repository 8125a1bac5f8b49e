import { useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';

interface Props {
  tip: string;
  /** Id of a (hidden) element saying the value explains itself when pressed. */
  describedBy?: string;
  children: ComponentChildren;
}

/**
 * A value that explains itself on click, tap, Enter or Space (a `title` is
 * reachable by mouse only). The explanation is a polite live region, so a
 * screen reader reads it when it opens; Escape or leaving closes it.
 */
export function Toggletip({ tip, describedBy, children }: Props) {
  const open = useSignal(false);
  return (
    <span class="tt">
      <button
        type="button"
        class="tt-btn"
        aria-expanded={open.value}
        aria-describedby={describedBy}
        onClick={() => (open.value = !open.value)}
        onBlur={() => (open.value = false)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && open.peek()) {
            e.stopPropagation();
            open.value = false;
          }
        }}
      >
        {children}
      </button>
      <span class={open.value ? 'tt-bubble tt-open' : 'tt-bubble'} role="status">
        {open.value ? tip : ''}
      </span>
    </span>
  );
}
