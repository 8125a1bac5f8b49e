import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A page whose code loads on first visit (a dynamic import), so the arena's
 * first load does not carry the leaderboard, charts and comparison page.
 */
export function lazyPage<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  return function LazyPage(props: P) {
    const [Page, setPage] = useState<ComponentType<P> | null>(() => loaded);
    const [error, setError] = useState<string | null>(null);
    useEffect(() => {
      if (Page) return;
      load().then(
        (m) => {
          loaded = m.default;
          setPage(() => m.default);
        },
        (e: Error) => setError(e.message),
      );
    }, []);
    if (Page) return <Page {...props} />;
    return (
      <main class="page" id="main" tabIndex={-1}>
        {error ? (
          <p class="notice" role="alert">
            Could not load this page ({error}). Reload to try again.
          </p>
        ) : (
          <p class="hint" role="status">
            Loading…
          </p>
        )}
      </main>
    );
  };
}
