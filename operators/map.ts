import type { Operator } from '../src/types.js';
import { checkFunction } from '../src/validate.js';
import { fusable } from './fuse.js';
import { oneToOne } from './step.js';

/**
 * Applies `fn` to each event and its index, as RxJS's `map`. A sync `fn` runs fused with the per-event operators
 * around it, in one pass over each batch; when `fn` returns a promise it is awaited, one event at a time, and
 * order is kept.
 *
 * @example
 * await toArray(pipe([1, 2, 3], map((x: number) => x * 2))); // [2, 4, 6]
 * await toArray(pipe(['a', 'b'], map(async (id: string, i) => `${i}:${id}`))); // ['0:a', '1:b']
 */
export function map<A, B>(fn: (value: A, index: number) => B | PromiseLike<B>): Operator<A, B> {
  checkFunction('fn', fn);
  return fusable<A, B>({
    kind: 'map',
    code: 'v = $.fn(v, $.index++); if (isThenable(v)) AWAIT;',
    counters: ['index'],
    state: () => ({ fn, index: 0 }),
    needs: oneToOne,
  });
}
