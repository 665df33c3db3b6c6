// interval(ms): a counter that ticks only while someone waits for it, as a from() stage over a timer iterator.
import { from } from './from.js';
import type { Stage } from '../types.js';
import { checkDuration, defaultName } from '../validate.js';

/**
 * Emits 0, 1, 2, … no faster than one every `ms` milliseconds, and only while subscribers want events: each
 * event is timed from the moment it was asked for. RxJS's `interval` pushes every `ms` whether or not anyone
 * keeps up; this one is pulled, so a slow consumer gets the next number `ms` after it asks, never a backlog, and
 * a consumer with no demand leaves no timer running. The first event comes `ms` after the first ask. Releasing
 * the stage (its consumer leaves, `take(n)` has enough, `stop()`) clears the pending timer at once.
 *
 * @example
 * await toArray(pipe(interval(10), take(3))); // [0, 1, 2]
 */
export function interval(ms: number): Stage<number> {
  const period = checkDuration('ms', ms);
  // An iterable that starts over: a respawned copy (retry, toObservable) counts from 0 again.
  const ticks: AsyncIterable<number> = { [Symbol.asyncIterator]: () => new Ticker(period) };
  return from(ticks, { name: defaultName('interval') });
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** Each `next()` resolves `ms` after it was called; `return()` clears the timer and ends a pending `next()`. */
class Ticker implements AsyncIterator<number, undefined> {
  private count = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private wake: ((result: IteratorResult<number, undefined>) => void) | null = null;
  private closed = false;

  constructor(private readonly ms: number) {}

  next(): Promise<IteratorResult<number, undefined>> {
    if (this.closed) return Promise.resolve(DONE);
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(() => {
        this.timer = null;
        this.wake = null;
        resolve({ done: false, value: this.count++ });
      }, this.ms);
    });
  }

  return(): Promise<IteratorResult<number, undefined>> {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.wake?.(DONE);
    this.wake = null;
    return Promise.resolve(DONE);
  }
}
