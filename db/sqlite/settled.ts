/**
 * Runs `work` now and hands over its result, or its error, as a settled
 * promise: the asynchronous face of the synchronous SQLite stores. The work
 * is done (a write committed) before the caller's next line, as on SQLite it
 * always was, and a failure still arrives as a rejection, never as a throw
 * from a function that returns a promise.
 */
export function settled<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}
