import type { Operator } from '../src/types.js';
import { checkInteger } from '../src/validate.js';
import { fusable } from './fuse.js';

/**
 * Drops the first `n` events and passes on the rest, as RxJS's `skip`.
 *
 * @example
 * await toArray(pipe([1, 2, 3, 4], skip(2))); // [3, 4]
 */
export function skip<T>(n: number): Operator<T, T> {
  checkInteger('n', n, 0);
  return fusable<T, T>({
    kind: 'skip',
    code: 'if ($.left > 0) { $.left--; DROP; }',
    counters: ['left'],
    state: () => ({ left: n }),
    needs: (state, m) => (m === 0 ? 0 : m + state.left),
  });
}
