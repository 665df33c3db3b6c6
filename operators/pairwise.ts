import type { Operator } from '../src/types.js';
import { fusable } from './fuse.js';

/**
 * Emits each event paired with the one before it, `[previous, current]`, from the second event on, as RxJS's
 * `pairwise`.
 *
 * @example
 * await toArray(pipe([1, 2, 3], pairwise())); // [[1, 2], [2, 3]]
 */
export function pairwise<T>(): Operator<T, [T, T]> {
  return fusable<T, [T, T]>({
    kind: 'pairwise',
    code: 'if (!$.seen) { $.seen = true; $.previous = v; DROP; } const previous = $.previous; $.previous = v; v = [previous, v];',
    state: () => ({ seen: false, previous: undefined as T | undefined }),
    needs: (state, m) => (m === 0 || m === Infinity || state.seen ? m : m + 1),
  });
}
