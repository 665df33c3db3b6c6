import type { Operator } from '../src/types.js';
import { checkBoolean, checkFunction } from '../src/validate.js';
import { fusable } from './fuse.js';
import { oneToOne } from './step.js';

/**
 * Passes on events while `pred(value, index)` is true, then completes and releases upstream, as RxJS's
 * `takeWhile`. With `inclusive`, the first event that failed is passed on too.
 *
 * @example
 * await toArray(pipe([1, 2, 5, 1], takeWhile((x: number) => x < 3))); // [1, 2]
 * await toArray(pipe([1, 2, 5, 1], takeWhile((x: number) => x < 3, true))); // [1, 2, 5]
 */
export function takeWhile<T, S extends T>(pred: (value: T, index: number) => value is S, inclusive?: false): Operator<T, S>;
export function takeWhile<T>(pred: (value: T, index: number) => boolean, inclusive?: boolean): Operator<T, T>;
export function takeWhile<T>(pred: (value: T, index: number) => boolean, inclusive = false): Operator<T, T> {
  checkFunction('pred', pred);
  checkBoolean('inclusive', inclusive);
  return fusable<T, T>({
    kind: 'takeWhile',
    code: 'if (!$.pred(v, $.index++)) { if (!$.inclusive) END; LAST; }',
    counters: ['index'],
    state: () => ({ pred, inclusive, index: 0 }),
    needs: oneToOne,
  });
}
