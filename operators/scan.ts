import type { Operator } from '../src/types.js';
import { checkFunction } from '../src/validate.js';
import { fusable } from './fuse.js';
import { oneToOne } from './step.js';

/**
 * Emits each running total of `fn(total, value, index)`, starting from `seed`, as RxJS's `scan`. Without a seed,
 * the first event is the first total.
 *
 * @example
 * await toArray(pipe([1, 2, 3], scan((sum: number, x: number) => sum + x, 0))); // [1, 3, 6]
 */
export function scan<T, R>(fn: (total: R, value: T, index: number) => R, seed: R): Operator<T, R>;
export function scan<T>(fn: (total: T, value: T, index: number) => T): Operator<T, T>;
export function scan<T, R>(fn: (total: R, value: T, index: number) => R, ...seed: [R?]): Operator<T, R> {
  checkFunction('fn', fn);
  const seeded = seed.length > 0;
  return fusable<T, R>({
    kind: 'scan',
    code: 'if ($.started) v = $.total = $.fn($.total, v, $.index++); else { $.started = true; $.total = v; $.index++; }',
    counters: ['index'],
    state: () => ({ fn, total: seed[0], started: seeded, index: 0 }),
    needs: oneToOne,
  });
}
