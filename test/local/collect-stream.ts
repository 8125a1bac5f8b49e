import type { StreamEvent } from '../../server/providers/types.ts';

export interface Collected {
  text: string;
  deltas: number;
  end: Exclude<StreamEvent, { type: 'text-delta' }> | undefined;
  /** Events after the terminal one: the contract says there are none. */
  afterEnd: number;
}

export async function collect(stream: AsyncIterable<StreamEvent>, onDelta?: (n: number) => void): Promise<Collected> {
  const out: Collected = { text: '', deltas: 0, end: undefined, afterEnd: 0 };
  for await (const ev of stream) {
    if (out.end) {
      out.afterEnd++;
      continue;
    }
    if (ev.type === 'text-delta') {
      out.text += ev.text;
      out.deltas++;
      onDelta?.(out.deltas);
    } else {
      out.end = ev;
    }
  }
  return out;
}
