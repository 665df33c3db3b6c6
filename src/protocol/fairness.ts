// A pipeline of synchronous stages never waits, so it would run to its end without letting timers, I/O, abort
// signals or other pipelines in. Every pull point asks `mustYield()`: once the current macrotask has run pipeline
// work for longer than the budget, the pull resumes in a later macrotask. The clock is shared by every stage, so
// promise hops between stages (microtasks, which let no timer in) do not reset it.

/** The longest stretch of pipeline work in one macrotask, in milliseconds. */
export const TURN_BUDGET_MS = 4;

/** Runs `callback` in a later macrotask (captured now, so fake timers in tests do not freeze the pipeline). */
export const later: (callback: () => void) => unknown =
  typeof setImmediate === 'function' ? setImmediate : (callback) => setTimeout(callback, 0);

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

/** True once the current macrotask has run pipeline work for longer than the budget. */
export function mustYield(): boolean {
  if (!marked) {
    // The first pull of a macrotask starts its clock; a macrotask queued now tells when the turn is over.
    marked = true;
    turnStart = clock();
    pulls = 0;
    later(unmark);
    return false;
  }
  if (++pulls < MIN_PULLS) return false;
  return clock() - turnStart > TURN_BUDGET_MS;
}

/** Resolves in a later macrotask. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => later(resolve));
}
