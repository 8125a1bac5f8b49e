import { asyncFrom } from './async-from.ts';

/** A fake SDK or adapter stream of exactly these items, each awaited in turn (a never-settling promise stalls it). */
export function asyncItems<T>(...items: (T | PromiseLike<T>)[]): AsyncGenerator<T> {
  return asyncFrom(items);
}
