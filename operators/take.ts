import type { Operator } from '../src/types.js';
import { checkInteger } from '../src/validate.js';
import { fusable } from './fuse.js';

/**
 * Passes on the first `n` events, then completes, as RxJS's `take`. It asks upstream for no more than it can
 * use (`take(3)` on a producer: handleDemand sees 3 in all), and releases upstream as soon as it has `n`.
 *
 * @example
 * await toArray(pipe([1, 2, 3, 4, 5], take(2))); // [1, 2]
 */
export function take<T>(n: number): Operator<T, T> {
  checkInteger('n', n, 0, { infinite: true });
  return fusable<T, T>({
    kind: 'take',
    code: 'if (--$.left <= 0) { if ($.left < 0) END; LAST; }',
    counters: ['left'],
    state: () => ({ left: n }),
    needs: (state, m) => Math.min(m, state.left),
  });
}
