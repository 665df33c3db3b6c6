// A synchronous per-event operator, described so that a chain of them can be compiled into one loop (see
// compile.ts): a few statements run for each event, and the state they keep, fresh for each stage.

/**
 * One per-event operator. `code` is JavaScript run for each event, in a block of its own, with:
 * - `v`: the event; the statements may replace it (map) before the next step sees it;
 * - `$`: this step's state, as made by `state()` (`$.fn`, `$.index`, …);
 * - `DROP;` the event goes no further (filter);
 * - `END;` nothing more is needed, this event included (takeWhile);
 * - `LAST;` this event goes on, then nothing more is needed (take);
 * - `AWAIT;` `v` is a promise: the next steps run on its value once it settled (an async map).
 * It must not use the loop's own names: `batch`, `start`, `out`, `ctx`, `states`, `last`, `i`, `n`, `isThenable`,
 * `s0`, `s1`, …, `c0_index`, …. Every step of one kind has the same code: compiled chains are cached by kinds.
 */
export interface StepSpec<S extends object = object> {
  readonly kind: string;
  readonly code: string;
  /** Number fields of the state the loop may keep in local variables while it runs (`index`). */
  readonly counters?: readonly string[];
  /** This step's state for one stage. */
  state(): S;
  /** How many more upstream events this step can use when the steps after it can use `m` more
   *  (Infinity: no limit). This is how `take(3)` keeps a whole fused stage from asking for more than 3. */
  needs(state: S, m: number): number;
}

/** `needs` of a step that passes on exactly one event per event (map, tap, scan). */
export function oneToOne(_state: object, m: number): number {
  return m;
}

/** `needs` of a step that may drop any number of events (filter): no limit unless nothing is needed. */
export function unbounded(_state: object, m: number): number {
  return m === 0 ? 0 : Infinity;
}

// The generated loops get it by this name (see compile.ts).
export { isThenable } from '../src/validate.js';
