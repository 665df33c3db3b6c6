// of(...values): RxJS's first source, a stage of the values given.
import { from } from './from.js';
import type { Stage } from '../types.js';
import { defaultName } from '../validate.js';

/**
 * A stage of the given values, in order, as RxJS's `of`: `from(values)` under its own name. Like every stage, it
 * emits only as far as its subscribers ask, and starts over for `retry` or each `toObservable` subscription.
 *
 * @example
 * await toArray(of(1, 2, 3)); // [1, 2, 3]
 */
export function of<T extends readonly unknown[]>(...values: T): Stage<T[number]> {
  return from(values as readonly T[number][] as T[number][], { name: defaultName('of') });
}
