import { useSignal, type Signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';

export interface ApiData<T> {
  data: Signal<T | null>;
  error: Signal<string | null>;
  loading: Signal<boolean>;
}

/**
 * Loads `load()` whenever `key` changes; the previous data stays on screen
 * while the next loads (no flash of "Loading…" on a mode switch). While
 * `again(data)` holds — the ratings are being recomputed — it loads again
 * after `againMs`, so fresh numbers replace stale ones without a reload.
 */
export function useApiData<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
  again: (d: T) => boolean = () => false,
  againMs = 1500,
): ApiData<T> {
  const data = useSignal<T | null>(null);
  const error = useSignal<string | null>(null);
  const loading = useSignal(false);

  useEffect(() => {
    const ac = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = () => {
      loading.value = true;
      load(ac.signal).then(
        (d) => {
          if (ac.signal.aborted) return;
          data.value = d;
          error.value = null;
          loading.value = false;
          if (again(d)) timer = setTimeout(run, againMs);
        },
        (e: Error) => {
          if (ac.signal.aborted) return;
          // Old data next to an error would pass for the answer to the new request.
          data.value = null;
          error.value = e.message;
          loading.value = false;
        },
      );
    };
    run();
    return () => {
      ac.abort();
      clearTimeout(timer);
    };
  }, [key]);

  return { data, error, loading };
}
