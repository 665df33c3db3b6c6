// A compiled chain of per-event steps, as fuse.ts runs it: what its functions return and the stage's side of it.

/** What a compiled function returns. */
export const DONE = 0; // the batch (or the value) went through
export const STOP = 1; // a step needs no more events (take)
export const PAUSED = 2; // an async step returned a promise: see the context's pause fields

/** A stage's side of its compiled chain: its step states, its output count, and where the chain paused. */
export interface ChainContext {
  readonly states: readonly object[];
  /** Events written to `out`: the compiled functions write `out[count++]` into an array made big enough. */
  count: number;
  /** The promise the chain waits for, after step `step`, at event `index` of the batch. */
  promise: PromiseLike<unknown> | null;
  step: number;
  index: number;
  /** A step said LAST before the chain paused: stop once this event went through. */
  last: boolean;
}

export interface CompiledChain {
  /** Runs `batch[start..]` through the chain into `out`, which has room for all of them. */
  loop(batch: readonly unknown[], start: number, out: unknown[], ctx: ChainContext): number;
  /** `after[k]` runs one value through the steps after step k (resuming after a pause at step k). */
  after: ((value: unknown, out: unknown[], ctx: ChainContext, last: boolean) => number)[];
}
