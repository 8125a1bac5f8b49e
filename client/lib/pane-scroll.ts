import type { ReadonlySignal } from '@preact/signals';

/**
 * Answer panes have a capped height and scroll inside. A pane follows its
 * stream (stays at the bottom as text arrives) until the reader scrolls up,
 * and follows again once they scroll back to the bottom. With sync on,
 * scrolling one pane of a turn moves the other to the same fraction.
 *
 * Scrolls the page makes itself are told apart from the reader's, so
 * following a stream never drags the other pane along, and two synced panes
 * never bounce each other.
 */

export interface ScrollGroup {
  readonly sync: ReadonlySignal<boolean>;
  readonly members: Set<HTMLElement>;
}

/** Within this many pixels of the bottom counts as "at the bottom". */
const PINNED_SLACK_PX = 24;

/** The scrollTop this module last set on an element: the scroll event it causes is not the reader's. */
const expected = new WeakMap<HTMLElement, number>();

function scrollTo(el: HTMLElement, top: number): void {
  const max = el.scrollHeight - el.clientHeight;
  const target = Math.max(0, Math.min(max, Math.round(top)));
  if (Math.abs(el.scrollTop - target) < 1) return;
  expected.set(el, target);
  el.scrollTop = target;
}

export const atBottom = (el: HTMLElement) => el.scrollHeight - el.scrollTop - el.clientHeight <= PINNED_SLACK_PX;

/** Wires one pane: `scroller` has the capped height, `content` grows inside it. Returns the disposer. */
export function attachPaneScroll(scroller: HTMLElement, content: HTMLElement, group: ScrollGroup | null): () => void {
  let pinned = true;

  const onScroll = () => {
    const want = expected.get(scroller);
    expected.delete(scroller);
    // Ours: following the stream (more text may have come since, so "at the bottom" is not asked) or syncing.
    if (want !== undefined && Math.abs(scroller.scrollTop - want) <= 1) return;
    pinned = atBottom(scroller);
    if (!group?.sync.peek()) return;
    const range = scroller.scrollHeight - scroller.clientHeight;
    const fraction = range > 0 ? scroller.scrollTop / range : 0;
    for (const other of group.members) {
      if (other !== scroller) scrollTo(other, fraction * (other.scrollHeight - other.clientHeight));
    }
  };

  // Growth of any kind (a token, a Markdown render, a highlight) is one resize per frame at most.
  const follow = new ResizeObserver(() => {
    if (pinned) scrollTo(scroller, scroller.scrollHeight);
  });
  follow.observe(content);
  scroller.addEventListener('scroll', onScroll, { passive: true });
  group?.members.add(scroller);
  return () => {
    follow.disconnect();
    scroller.removeEventListener('scroll', onScroll);
    group?.members.delete(scroller);
  };
}
