/** A turn of the event loop: whatever was queued meanwhile (requests, socket reads, timers due) runs before the caller goes on. */
export const nextTurn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));
