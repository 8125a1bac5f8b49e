import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A part of a page whose code loads the first time it is shown (a dynamic
 * import), with a one-line placeholder meanwhile: what only some visitors use
 * stays out of the arena's first load.
 */
export function lazyPart<P extends object>(load: () => Promise<{ default: ComponentType<P> }>, what: string): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  return function LazyPart(props: P) {
    const [Part, setPart] = useState<ComponentType<P> | null>(() => loaded);
    const [error, setError] = useState<string | null>(null);
    useEffect(() => {
      if (Part) return;
      load().then(
        (m) => {
          loaded = m.default;
          setPart(() => m.default);
        },
        (e: Error) => setError(e.message),
      );
    }, []);
    if (Part) return <Part {...props} />;
    return (
      <p class="hint" role={error ? 'alert' : 'status'}>
        {error ? `Could not load the ${what} (${error}). Reload to try again.` : `Loading the ${what}…`}
      </p>
    );
  };
}
