/**
 * A push-to-pull bridge: node-llama-cpp reports text through callbacks, the
 * adapter contract is an async iterable. Unbounded on purpose: a consumer that
 * stops reading aborts the producer instead of back-pressuring it.
 */
export interface AsyncChannel<T> extends AsyncIterable<T> {
  push(item: T): void;
  close(): void;
}

export function createAsyncChannel<T>(): AsyncChannel<T> {
  const items: T[] = [];
  let closed = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  return {
    push(item) {
      if (closed) return;
      items.push(item);
      notify();
    },
    close() {
      closed = true;
      notify();
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (items.length > 0) {
          yield items.shift()!;
          continue;
        }
        if (closed) return;
        await new Promise<void>((res) => (wake = res));
      }
    },
  };
}
