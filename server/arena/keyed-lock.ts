/**
 * Runs work one at a time per key, in the order it arrives; different keys
 * run side by side. The arena's requests on one battle read its state, wait
 * for the database, then change the state: without this, a second request
 * arriving during that wait (a follow-up while the vote is being written)
 * would act on the state the first is about to replace. Keys leave the map
 * when their last work ends.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const result = before.then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  get size(): number {
    return this.tails.size;
  }
}
