import type { Operator } from '../src/types.js';
import { checkFunction } from '../src/validate.js';
import { fusable } from './fuse.js';
import { unbounded } from './step.js';

/**
 * Drops events while `pred(value, index)` is true, then passes on every event from the first that failed,
 * as RxJS's `skipWhile`.
 *
 * @example
 * await toArray(pipe([1, 2, 5, 1], skipWhile((x: number) => x < 3))); // [5, 1]
 */
export function skipWhile<T>(pred: (value: T, index: number) => boolean): Operator<T, T> {
  checkFunction('pred', pred);
  return fusable<T, T>({
    kind: 'skipWhile',
    code: 'if ($.skipping) { if ($.pred(v, $.index++)) DROP; $.skipping = false; }',
    counters: ['index'],
    state: () => ({ pred, skipping: true, index: 0 }),
    needs: (state, m) => (state.skipping ? unbounded(state, m) : m),
  });
}
