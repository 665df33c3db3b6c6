import type { Operator } from '../src/types.js';
import { checkFunction } from '../src/validate.js';
import { fusable } from './fuse.js';
import { unbounded } from './step.js';

/** The types `Boolean` lets through, as RxJS's `TruthyTypesOf`. */
export type Truthy<T> = T extends false | 0 | '' | null | undefined | 0n ? never : T;

/**
 * Keeps the events `pred(value, index)` is true for, as RxJS's `filter`. A type guard narrows the output type;
 * `filter(Boolean)` drops falsy events.
 *
 * @example
 * await toArray(pipe([1, 2, 3, 4], filter((x: number) => x % 2 === 0))); // [2, 4]
 * const strings = pipe([1, 'a', 2, 'b'], filter((x): x is string => typeof x === 'string')); // Stage<string>
 */
export function filter<T, S extends T>(pred: (value: T, index: number) => value is S): Operator<T, S>;
export function filter<T>(pred: BooleanConstructor): Operator<T, Truthy<T>>;
export function filter<T>(pred: (value: T, index: number) => boolean): Operator<T, T>;
export function filter<T>(pred: (value: T, index: number) => unknown): Operator<T, T> {
  checkFunction('pred', pred);
  return fusable<T, T>({
    kind: 'filter',
    code: 'if (!$.pred(v, $.index++)) DROP;',
    counters: ['index'],
    state: () => ({ pred, index: 0 }),
    needs: unbounded,
  });
}
