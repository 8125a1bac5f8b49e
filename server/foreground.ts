import { nextTurn } from './next-turn.ts';

/** Requests within this long make the server "busy": a background job steps aside for them. */
export const QUIET_MS = 50;
/** While the server is busy: how long a background job waits after a slice, and how far apart any two jobs' slices start. */
export const STEP_ASIDE_MS = 12;
/** The same while a request is being answered: background work then takes a slice of about 4 ms in 48 at most. */
export const WAITED_ON_STEP_MS = 48;

/**
 * What the server is doing for people right now, so that background work
 * (reclassifying, styling and recounting stored battles, embedding them) gives
 * way to it. At a million imported battles that work runs for minutes after a
 * start in slices of a few milliseconds; with only a turn of the event loop
 * between slices, it and the database queries it makes took the machine's
 * cores from the requests (head-to-head p99 20 ms, 14 ms with this; the
 * longest stall 18 ms, 13 ms with this). While requests keep coming, a
 * background job now waits STEP_ASIDE_MS between slices (slices of about
 * 4 ms: a quarter to a third of the event loop at most, all jobs together); on
 * a quiet server it runs flat out, as before.
 */
export class Foreground {
  private lastSeen = -Infinity;
  /** The earliest time the next background slice may start while the server is busy. */
  private nextSlot = -Infinity;

  /** Requests being answered now (entered, not yet left). */
  private answering = 0;

  /** How many requests are being answered now. */
  get answeringNow(): number {
    return this.answering;
  }

  /** When a request or message last arrived (on the clock given). */
  get lastSeenAt(): number {
    return this.lastSeen;
  }

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** A request or a client's message arrived, or the server sent a client a frame (a battle streaming). */
  touch(): void {
    this.lastSeen = this.now();
  }

  /**
   * A request is being answered until the returned function is called (once;
   * later calls do nothing). Someone waits for it: background slices are
   * spaced WAITED_ON_STEP_MS apart meanwhile, not STEP_ASIDE_MS. After a
   * restart at a million votes, the first leaderboard's figures were read in
   * turns shared with the reclassification and the category recount, and
   * those took 40 % of the event loop while it waited (1.5 s after health).
   */
  enter(): () => void {
    this.touch();
    this.answering++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.answering--;
      this.touch();
    };
  }

  busy(): boolean {
    return this.now() - this.lastSeen < QUIET_MS;
  }

  /**
   * Between two slices of background work: a turn of the event loop, or a
   * wait while the server is busy. The waits are slots shared by every job,
   * at least STEP_ASIDE_MS apart: with a wait per job instead, two jobs at
   * once (a start's category recount beside its reclassifying) took half of
   * the event loop from requests at a million votes (head-to-head p99 29 ms).
   */
  turn(): Promise<void> {
    if (!this.busy()) return nextTurn();
    const now = this.now();
    const step = this.answering > 0 ? WAITED_ON_STEP_MS : STEP_ASIDE_MS;
    const at = Math.max(now + step, this.nextSlot);
    this.nextSlot = at + step;
    return this.sleep(at - now);
  }
}

/** The process's: touched by every HTTP request, websocket message and frame sent, consulted by every background job. */
export const foreground = new Foreground();
