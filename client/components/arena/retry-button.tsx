import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { PublicProviderError } from '../../../shared/provider-error.ts';
import { formatWait } from '../../lib/format.ts';

interface Props {
  letter: string;
  error: PublicProviderError | null;
  busy: boolean;
  disabled: boolean;
  onRetry: () => void;
}

/**
 * Runs a failed or stopped side again. After a rate limit that said when to
 * come back, the button counts down to that moment first (asking earlier
 * would only be refused again).
 */
export function RetryButton({ letter, error, busy, disabled, onRetry }: Props) {
  const since = useSignal(Date.now());
  const now = useSignal(since.peek());
  const waitMs = error?.retryAfterMs ?? 0;
  useEffect(() => {
    since.value = Date.now();
    now.value = since.peek();
    if (waitMs <= 0) return;
    const t = setInterval(() => {
      now.value = Date.now();
      if (now.peek() - since.peek() >= waitMs) clearInterval(t);
    }, 250);
    return () => clearInterval(t);
  }, [error, waitMs]);
  const left = Math.max(0, waitMs - (now.value - since.value));
  return (
    <button
      type="button"
      class="btn btn-small btn-retry"
      onClick={onRetry}
      disabled={disabled || busy || left > 0}
      aria-label={left > 0 ? `Retry answer ${letter} in ${formatWait(left)}` : `Retry answer ${letter}`}
      data-testid={`retry-${letter.toLowerCase()}`}
    >
      {busy ? 'Retrying…' : left > 0 ? `Retry in ${formatWait(left)}` : 'Retry'}
    </button>
  );
}
