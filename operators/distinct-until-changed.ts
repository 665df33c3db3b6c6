import type { Operator } from '../src/types.js';
import { checkOptionalFunction } from '../src/validate.js';
import { fusable } from './fuse.js';
import { unbounded } from './step.js';

/**
 * Drops each event equal to the last one passed on, as RxJS's `distinctUntilChanged`: `compare(previous, current)`
 * says whether two keys are equal (default `===`), `keySelector` picks what to compare (default the event).
 *
 * @example
 * await toArray(pipe([1, 1, 2, 2, 1], distinctUntilChanged())); // [1, 2, 1]
 * await toArray(pipe([{ id: 1 }, { id: 1 }], distinctUntilChanged(undefined, (x: { id: number }) => x.id))); // [{ id: 1 }]
 */
export function distinctUntilChanged<T, K = T>(
  compare?: (previous: K, current: K) => boolean,
  keySelector?: (value: T) => K,
): Operator<T, T> {
  const equal = checkOptionalFunction<(previous: K, current: K) => boolean>('compare', compare) ?? identical;
  const keyOf = checkOptionalFunction<(value: T) => K>('keySelector', keySelector) ?? itself;
  return fusable<T, T>({
    kind: 'distinctUntilChanged',
    code: 'const key = $.keyOf(v); if ($.seen && $.equal($.previous, key)) DROP; $.seen = true; $.previous = key;',
    state: () => ({ equal, keyOf, seen: false, previous: undefined as K | undefined }),
    needs: unbounded,
  });
}

function identical(a: unknown, b: unknown): boolean {
  return a === b;
}

function itself<T, K>(value: T): K {
  return value as unknown as K;
}
