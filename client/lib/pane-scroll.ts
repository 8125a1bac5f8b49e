import type { ReadonlySignal } from '@preact/signals';

/**
 * Answer panes have a capped height and scroll inside. A pane follows its
 * stream (stays at the bottom as text arrives) until the reader scrolls up,
 * and follows again once they scroll back to the bottom. With sync on,
 * scrolling one pane of a turn moves the other to the same fraction.
 *
 * Only the reader's own scrolling (wheel, touch, keys, the scrollbar) decides
 * whether a pane follows or moves its twin: the page's scrolls (following a
 * stream, syncing) and the browser's (clamping, scroll anchoring as a finished
 * answer re-renders) never do, however their events interleave on a busy
 * machine, so following never stops by itself and two synced panes never
 * bounce each other.
 *
 * On a loaded machine the scroll events of a wheel turn can come long after
 * the wheel event, and a scroll event the follower caused can come just after
 * it. So an input that moves the pane up stops following at once, and the
 * reader's scrolling is counted from the first scroll that moved the way the
 * input pushed (if one comes within a few seconds), not from the input. The
 * wheel listener is passive, so the browser may have scrolled before it runs:
 * "moved" is measured from where the page last saw the pane.
 */

export interface ScrollGroup {
  readonly sync: ReadonlySignal<boolean>;
  readonly members: Set<HTMLElement>;
}

/** Within this many pixels of the bottom counts as "at the bottom". */
const PINNED_SLACK_PX = 24;
/** A reader's scroll goes on for about this long after its latest input or scroll event (smooth scrolling). */
const SETTLE_MS = 500;
/** The first scroll of an input may come this late on a loaded machine. */
const FIRST_SCROLL_WAIT_MS = 3000;
/** Keys that scroll a focused pane, and those of them that scroll it up. */
const SCROLL_KEYS = new Set(['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', ' ']);
const UP_KEYS = new Set(['ArrowUp', 'PageUp', 'Home']);

export const atBottom = (el: HTMLElement) => el.scrollHeight - el.scrollTop - el.clientHeight <= PINNED_SLACK_PX;

/** Whether each pane follows its stream; a synced pane follows or not with the one the reader moves. */
const pinned = new WeakMap<HTMLElement, boolean>();

/** An input the reader made, whose first scroll has not come yet. */
interface Pending {
  readonly by: number;
  readonly from: number;
  readonly up: boolean;
}

/** Wires one pane: `scroller` has the capped height, `content` grows inside it. Returns the disposer. */
export function attachPaneScroll(scroller: HTMLElement, content: HTMLElement, group: ScrollGroup | null): () => void {
  pinned.set(scroller, true);
  let pointerDown = false;
  /** Until then the follower keeps still: the reader is (or may be) scrolling. */
  let holdUntil = 0;
  /** Until then scroll events are the reader's. */
  let readerUntil = 0;
  let pending: Pending | null = null;
  let touchY = 0;
  /** Where the page last saw the pane: at its latest scroll event, or where the follower put it. */
  let seenTop = scroller.scrollTop;
  const movedFrom = (p: Pending, top: number) => (p.up ? top < p.from : top > p.from);

  const canMove = (up: boolean) => (up ? scroller.scrollTop > 0 : scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight > 1);
  /** The reader pushed this pane up or down. */
  const input = (up: boolean) => {
    const now = performance.now();
    holdUntil = now + SETTLE_MS;
    const top = scroller.scrollTop;
    if (!canMove(up) && top === seenTop) return;
    pending = { by: now + FIRST_SCROLL_WAIT_MS, from: seenTop, up };
    if (up) pinned.set(scroller, false);
    // The browser scrolled before this listener ran and its scroll event has been seen already.
    if (movedFrom(pending, top)) readerScrolled(now, top);
  };
  const onWheel = (e: WheelEvent) => {
    if (e.deltaY !== 0) input(e.deltaY < 0);
  };
  const onKey = (e: KeyboardEvent) => {
    if (SCROLL_KEYS.has(e.key)) input(UP_KEYS.has(e.key) || (e.key === ' ' && e.shiftKey));
  };
  const onTouchStart = (e: TouchEvent) => (touchY = e.touches[0]?.clientY ?? 0);
  const onTouchMove = (e: TouchEvent) => {
    const y = e.touches[0]?.clientY ?? touchY;
    // A finger moving down drags the text down: the pane scrolls up.
    if (y !== touchY) input(y > touchY);
    touchY = y;
  };

  const onScroll = () => {
    const now = performance.now();
    const top = scroller.scrollTop;
    seenTop = top;
    if (pending && now < pending.by && movedFrom(pending, top)) readerScrolled(now, top);
    else if (pointerDown || now < readerUntil) readerScrolled(now, top);
  };

  function readerScrolled(now: number, top: number) {
    pending = null;
    // A smooth scroll's later events keep the window open.
    if (!pointerDown) readerUntil = now + SETTLE_MS;
    holdUntil = Math.max(holdUntil, readerUntil);
    pinned.set(scroller, atBottom(scroller));
    if (!group?.sync.peek()) return;
    const range = scroller.scrollHeight - scroller.clientHeight;
    const fraction = range > 0 ? top / range : 0;
    for (const other of group.members) {
      if (other === scroller) continue;
      other.scrollTop = Math.round(fraction * (other.scrollHeight - other.clientHeight));
      pinned.set(other, pinned.get(scroller)!);
    }
  }

  // Growth of any kind (a token, a Markdown render, a highlight) is one resize per frame at most.
  const follow = new ResizeObserver(() => {
    if (!pinned.get(scroller) || pointerDown || performance.now() < holdUntil) return;
    scroller.scrollTop = scroller.scrollHeight;
    seenTop = scroller.scrollTop;
  });
  const down = () => (pointerDown = true);
  const up = () => {
    if (!pointerDown) return;
    pointerDown = false;
    readerUntil = holdUntil = performance.now() + SETTLE_MS;
  };
  follow.observe(content);
  scroller.addEventListener('scroll', onScroll, { passive: true });
  scroller.addEventListener('wheel', onWheel, { passive: true });
  scroller.addEventListener('keydown', onKey, { passive: true });
  scroller.addEventListener('touchstart', onTouchStart, { passive: true });
  scroller.addEventListener('touchmove', onTouchMove, { passive: true });
  scroller.addEventListener('pointerdown', down);
  window.addEventListener('pointerup', up);
  group?.members.add(scroller);
  return () => {
    follow.disconnect();
    scroller.removeEventListener('scroll', onScroll);
    scroller.removeEventListener('wheel', onWheel);
    scroller.removeEventListener('keydown', onKey);
    scroller.removeEventListener('touchstart', onTouchStart);
    scroller.removeEventListener('touchmove', onTouchMove);
    scroller.removeEventListener('pointerdown', down);
    window.removeEventListener('pointerup', up);
    group?.members.delete(scroller);
  };
}
