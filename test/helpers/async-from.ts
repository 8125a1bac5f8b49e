/**
 * A plain iterable read as an async stream, lazily: each item is taken (and
 * awaited) only when the consumer asks for the next one, so a generator's side
 * effects and throws happen mid-stream, where a real SDK or adapter stream
 * would have them. For fakes of such streams.
 */
export async function* asyncFrom<T>(items: Iterable<T | PromiseLike<T>>): AsyncGenerator<T> {
  for (const item of items) yield await item;
}
