import type { ReadonlySignal } from '@preact/signals';

/**
 * Answer panes have a capped height and scroll inside. A pane follows its
 * stream (stays at the bottom as text arrives) until the reader scrolls up,
 * and follows again once they scroll back to the bottom. With sync on,
 * scrolling one pane of a turn moves the other to the same fraction.
 *
 * Only the reader's own scrolling (wheel, touch, keys, the scrollbar) decides
 * whether a pane follows or moves its twin: the page's scrolls (following a
 * stream, syncing) never do, however their events interleave on a busy
 * machine, so following never stops by itself and two synced panes never
 * bounce each other.
 */

export interface ScrollGroup {
  readonly sync: ReadonlySignal<boolean>;
  readonly members: Set<HTMLElement>;
}

/** Within this many pixels of the bottom counts as "at the bottom". */
const PINNED_SLACK_PX = 24;
/** A wheel or key press is followed by scroll events for about this long (smooth scrolling). */
const INPUT_SETTLE_MS = 500;

export const atBottom = (el: HTMLElement) => el.scrollHeight - el.scrollTop - el.clientHeight <= PINNED_SLACK_PX;

/** Whether each pane follows its stream; a synced pane follows or not with the one the reader moves. */
const pinned = new WeakMap<HTMLElement, boolean>();

/** Wires one pane: `scroller` has the capped height, `content` grows inside it. Returns the disposer. */
export function attachPaneScroll(scroller: HTMLElement, content: HTMLElement, group: ScrollGroup | null): () => void {
  pinned.set(scroller, true);
  let pointerDown = false;
  let inputUntil = 0;
  const byReader = () => pointerDown || performance.now() < inputUntil;
  const input = () => (inputUntil = performance.now() + INPUT_SETTLE_MS);

  const onScroll = () => {
    if (!byReader()) return;
    pinned.set(scroller, atBottom(scroller));
    if (!group?.sync.peek()) return;
    const range = scroller.scrollHeight - scroller.clientHeight;
    const fraction = range > 0 ? scroller.scrollTop / range : 0;
    for (const other of group.members) {
      if (other === scroller) continue;
      other.scrollTop = Math.round(fraction * (other.scrollHeight - other.clientHeight));
      pinned.set(other, pinned.get(scroller)!);
    }
  };

  // Growth of any kind (a token, a Markdown render, a highlight) is one resize per frame at most.
  const follow = new ResizeObserver(() => {
    if (pinned.get(scroller) && !byReader()) scroller.scrollTop = scroller.scrollHeight;
  });
  const down = () => (pointerDown = true);
  const up = () => {
    pointerDown = false;
    input();
  };
  follow.observe(content);
  scroller.addEventListener('scroll', onScroll, { passive: true });
  for (const type of ['wheel', 'touchmove', 'keydown'] as const) scroller.addEventListener(type, input, { passive: true });
  scroller.addEventListener('pointerdown', down);
  window.addEventListener('pointerup', up);
  group?.members.add(scroller);
  return () => {
    follow.disconnect();
    scroller.removeEventListener('scroll', onScroll);
    for (const type of ['wheel', 'touchmove', 'keydown'] as const) scroller.removeEventListener(type, input);
    scroller.removeEventListener('pointerdown', down);
    window.removeEventListener('pointerup', up);
    group?.members.delete(scroller);
  };
}
