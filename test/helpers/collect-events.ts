import type { StreamEvent } from '../../server/providers/types.ts';

/**
 * Drains an adapter stream into an array. `onEvent` runs after each event is
 * recorded, so a test can react mid-stream (e.g. abort after the first token).
 */
export async function collectEvents(
  stream: AsyncIterable<StreamEvent>,
  onEvent?: (ev: StreamEvent, index: number) => void,
): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const ev of stream) {
    events.push(ev);
    onEvent?.(ev, events.length - 1);
  }
  return events;
}
