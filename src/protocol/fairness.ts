// A pipeline of synchronous stages never waits, so it would run to its end without letting timers, I/O, abort
// signals or other pipelines in. Every pull point asks `mustYield(since)`: once it has run pipeline work for
// longer than the budget in the current macrotask, the pull resumes in a later macrotask. The macrotask's clock is
// shared by every stage, so promise hops between stages (microtasks, which let no timer in) do not reset it; a
// reader that resumed from a yield counts from its resumption, so readers resuming one after another in the same
// turn each get their share instead of the first one taking the whole budget.

/** The longest stretch of pipeline work in one macrotask, in milliseconds. */
export const TURN_BUDGET_MS = 4;

/** Runs `callback` in a later macrotask (captured now, so fake timers in tests do not freeze the pipeline). */
export const later: (callback: () => void) => unknown =
  typeof setImmediate === 'function' ? setImmediate : ((timer) => (callback: () => void) => timer(callback, 0))(setTimeout);

const clock: () => number =
  typeof performance !== 'undefined' && typeof performance.now === 'function' ? () => performance.now() : Date.now;

/** Pulls in one macrotask before the clock is read: a few pulls never block anyone for long. */
const MIN_PULLS = 16;

let turnStart = 0;
let pulls = 0;
let marked = false;
const unmark = (): void => {
  marked = false;
};

/**
 * How long pipeline work has run in the current macrotask, in milliseconds, counted from `since` when that is
 * later than the macrotask's start (the reader's resumption after a yield); 0 for its first few pulls.
 */
export function turnElapsed(since = -Infinity): number {
  if (!marked) {
    // The first pull of a macrotask starts its clock; a macrotask queued now tells when the turn is over.
    marked = true;
    turnStart = clock();
    pulls = 0;
    later(unmark);
    return 0;
  }
  // The clock is read on every 8th pull only: reading it costs more than a pull of a ready batch.
  if (++pulls < MIN_PULLS || (pulls & 7) !== 0) return 0;
  return clock() - Math.max(turnStart, since);
}

/** True once pipeline work in the current macrotask ran longer than the budget (see `turnElapsed`). */
export function mustYield(since = -Infinity): boolean {
  return turnElapsed(since) > TURN_BUDGET_MS;
}

/** The clock `mustYield` reads, for a reader to note when it resumed. */
export function now(): number {
  return clock();
}

/** How long a consumer that leaves waits for upstream's release before it goes on, in milliseconds. */
export const RELEASE_GRACE_MS = 100;

// Captured now, so that fake timers in tests cannot hold a release back.
const realSetTimeout = setTimeout;
const realClearTimeout = clearTimeout;

/**
 * A consumer that leaves waits for upstream's release only a short while: an async generator waiting inside a
 * pull runs its return() (and its finally) only once that pull settles, which may be never (a socket that stays
 * quiet); a native for-await does not wait for it either. Errors wait for the whole release instead, so that
 * the error arrives after every upstream was let go.
 */
export function releasedWithinGrace(released: void | Promise<void>): void | Promise<void> {
  if (!released) return;
  released.catch(() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const grace = new Promise<void>((resolve) => (timer = realSetTimeout(resolve, RELEASE_GRACE_MS)));
  const stopTimer = () => realClearTimeout(timer);
  released.then(stopTimer, stopTimer);
  return Promise.race([released, grace]);
}

/** Resolves in a later macrotask. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => later(resolve));
}
