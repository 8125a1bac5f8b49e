import type { ReadonlySignal } from '@preact/signals';

/**
 * Answer panes have a capped height and scroll inside. A pane follows its
 * stream (stays at the bottom as text arrives) until the reader scrolls up,
 * and follows again once they scroll back to the bottom. With sync on,
 * scrolling one pane of a turn moves the other to the same fraction.
 *
 * Only the reader's own scrolling (wheel, touch, keys, the scrollbar) decides
 * whether a pane follows or moves its twin: the page's scrolls (following a
 * stream, syncing) and the browser's (clamping to a bottom that moved up)
 * never do, however their events interleave on a busy machine, so following
 * never stops by itself and two synced panes never bounce each other. Scroll
 * anchoring is off in the panes (styles.css): its moves, as the answer
 * re-rendered, were the browser's scrolls off the bottom, and one hid a
 * reader's scroll up from this code.
 *
 * On a loaded machine the scroll events of a wheel turn can come long after
 * the wheel event, and a scroll event the follower caused can come just after
 * it. So an input that moves the pane up stops following at once, and the
 * reader's scrolling is counted from the first scroll that moved the way the
 * input pushed (if one comes within a few seconds), not from the input. The
 * wheel listener is passive, so the browser may have scrolled before it runs,
 * and its scroll event may even have been handled before the wheel event:
 * "moved" is measured from where the pane was before the scrolls that no
 * input accounted for just before it, else from where the page last saw it.
 *
 * A scroll up that no input has claimed and that leaves the pane off its
 * very bottom holds the follower for SETTLE_MS: most likely a wheel turn
 * whose event has not come yet. It cannot stop following by itself: a clamp
 * whose event came after the answer grew again looks the same (a full CI run:
 * a pane that stopped so was left 45 px above its answer's end), and so does
 * find-in-page, which is followed back after the hold if the answer is still
 * growing. A follow that a hold put off runs once the hold ends, in the next
 * frame (after that frame's input events), even if nothing grows after it: a
 * pane still following is never left off its bottom when its stream ended
 * during a hold. With nothing put off (a finished answer), nothing moves.
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
const SCROLL_KEY = /^(Arrow(Up|Down)|Page(Up|Down)|Home|End| )$/;
const UP_KEY = /Up|Home/;

const belowView = (el: HTMLElement) => el.scrollHeight - el.scrollTop - el.clientHeight;
export const atBottom = (el: HTMLElement) => belowView(el) <= PINNED_SLACK_PX;
/** Where the browser leaves a pane it clamps: its last pixel in view (a pixel of slack for fractional offsets). */
const atVeryBottom = (el: HTMLElement) => belowView(el) <= 1;

/** Whether each pane follows its stream; a synced pane follows or not with the one the reader moves. */
const pinned = new WeakMap<HTMLElement, boolean>();

/** Wires one pane: `scroller` has the capped height, `content` grows inside it. Returns the disposer. */
export function attachPaneScroll(scroller: HTMLElement, content: HTMLElement, group: ScrollGroup | null): () => void {
  pinned.set(scroller, true);
  let pointerDown = false;
  /** Until then the follower keeps still: the reader is (or may be) scrolling, or a scroll up waits for its input. */
  let holdUntil = 0;
  /** Until then scroll events are the reader's. */
  let readerUntil = 0;
  /** An input whose first scroll has not come yet: until when it may come, from where, which way. */
  let pendingBy = 0;
  let pendingFrom = 0;
  let pendingUp = false;
  let touchY = 0;
  /** Where the page last saw the pane: at its latest scroll event, or where the follower put it. */
  let seenTop = scroller.scrollTop;
  /** Scrolls no input accounted for (yet): when the latest came, and where the pane was before the first of them. */
  let strayAt = -Infinity;
  let strayFrom = 0;
  /** The follow a hold put off: its timer, then its frame. */
  let catchUp: ReturnType<typeof setTimeout> | undefined;
  let catchUpFrame = 0;
  const moved = (top: number) => (pendingUp ? top < pendingFrom : top > pendingFrom);

  /** The reader pushed this pane up or down. */
  const input = (up: boolean) => {
    const now = performance.now();
    holdUntil = now + SETTLE_MS;
    const top = scroller.scrollTop;
    // A scroll the way this input pushes that came just before it is this input's, its event handled first (seen
    // in a full CI run: a wheel turn to the top, then its wheel event found the pane at the top and left it
    // following its stream). Else the browser may have scrolled before this listener ran, its event not yet come.
    const strayMoved = now - strayAt < SETTLE_MS && (up ? strayFrom > seenTop : strayFrom < seenTop);
    const from = strayMoved ? strayFrom : seenTop;
    const canMove = up ? top > 0 : !atVeryBottom(scroller);
    if (!canMove && top === from) return;
    pendingBy = now + FIRST_SCROLL_WAIT_MS;
    pendingFrom = from;
    pendingUp = up;
    if (up) pinned.set(scroller, false);
    if (moved(top)) readerScrolled(now, top, up);
  };

  const onScroll = () => {
    const now = performance.now();
    const before = seenTop;
    const top = (seenTop = scroller.scrollTop);
    const byInput = now < pendingBy && moved(top);
    if (byInput || pointerDown || now < readerUntil) readerScrolled(now, top, top < before);
    else if (top !== before) {
      if (now - strayAt >= SETTLE_MS) strayFrom = before;
      strayAt = now;
      // Up and off the very bottom: not a plain clamp, most likely the reader's wheel turn with its event to come.
      if (top < before && !atVeryBottom(scroller)) holdUntil = Math.max(holdUntil, now + SETTLE_MS);
    }
  };

  /**
   * `movedUp`: the scroll moved the pane up. It never pins the pane, even at
   * the bottom: a scroll up that comes while the reader is scrolling can be
   * the browser clamping the pane to a bottom that moved up (content that
   * shrank as it re-rendered), and pinning then pulled the pane back to its
   * stream before the reader's own late scroll came. Only a scroll down to
   * the bottom, the reader's way back, pins it, and after an input up only
   * one the reader made (an input down, or a drag of the scrollbar): within
   * the reader's window a scroll down need not be theirs (scroll anchoring,
   * before the panes turned it off, made such scrolls). Seen as a failing browser
   * test on a loaded machine, first for the scroll an input up waited for,
   * then for a second clamp within the reader's window after it.
   */
  function readerScrolled(now: number, top: number, movedUp: boolean) {
    pendingBy = 0;
    strayAt = -Infinity;
    // A smooth scroll's later events keep the window open.
    if (!pointerDown) readerUntil = now + SETTLE_MS;
    holdUntil = Math.max(holdUntil, readerUntil);
    // After an input up, only the scrollbar (a drag) or an input down brings the pane back to following.
    pinned.set(scroller, !movedUp && (pointerDown || !pendingUp) && atBottom(scroller));
    if (!group?.sync.peek()) return;
    const range = scroller.scrollHeight - scroller.clientHeight;
    const fraction = range > 0 ? top / range : 0;
    for (const other of group.members) {
      if (other === scroller) continue;
      other.scrollTop = Math.round(fraction * (other.scrollHeight - other.clientHeight));
      pinned.set(other, pinned.get(scroller)!);
    }
  }

  const followNow = () => {
    const now = performance.now();
    if (!pinned.get(scroller) || pointerDown) return;
    if (now < holdUntil) {
      clearTimeout(catchUp);
      catchUp = setTimeout(() => (catchUpFrame = requestAnimationFrame(followNow)), holdUntil - now);
      return;
    }
    scroller.scrollTop = scroller.scrollHeight;
    seenTop = scroller.scrollTop;
    // The page put the pane here: a scroll before this was no reader's input to come.
    strayAt = -Infinity;
  };
  // Growth of any kind (a token, a Markdown render, a highlight) is one resize per frame at most.
  const follow = new ResizeObserver(followNow);
  follow.observe(content);
  const listeners: [EventTarget, string, (e: never) => void][] = [
    [scroller, 'scroll', onScroll],
    [scroller, 'wheel', (e: WheelEvent) => e.deltaY && input(e.deltaY < 0)],
    [scroller, 'keydown', (e: KeyboardEvent) => SCROLL_KEY.test(e.key) && input(UP_KEY.test(e.key) || (e.key === ' ' && e.shiftKey))],
    [scroller, 'touchstart', (e: TouchEvent) => (touchY = e.touches[0]?.clientY ?? 0)],
    [
      scroller,
      'touchmove',
      (e: TouchEvent) => {
        const y = e.touches[0]?.clientY ?? touchY;
        // A finger moving down drags the text down: the pane scrolls up.
        if (y !== touchY) input(y > touchY);
        touchY = y;
      },
    ],
    [scroller, 'pointerdown', () => (pointerDown = true)],
    [
      window,
      'pointerup',
      () => {
        if (!pointerDown) return;
        pointerDown = false;
        readerUntil = holdUntil = performance.now() + SETTLE_MS;
        followNow();
      },
    ],
  ];
  for (const [target, type, f] of listeners) target.addEventListener(type, f as EventListener, { passive: true });
  group?.members.add(scroller);
  return () => {
    follow.disconnect();
    clearTimeout(catchUp);
    cancelAnimationFrame(catchUpFrame);
    for (const [target, type, f] of listeners) target.removeEventListener(type, f as EventListener);
    group?.members.delete(scroller);
  };
}
