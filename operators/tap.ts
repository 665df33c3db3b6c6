import type { Operator } from '../src/types.js';
import { checkFunction } from '../src/validate.js';
import { fusable } from './fuse.js';
import { oneToOne } from './step.js';

/**
 * Calls `fn` with each event for a side effect and passes the event on unchanged, as RxJS's `tap`.
 *
 * @example
 * await toArray(pipe([1, 2], tap((x: number) => console.log('saw', x)))); // logs 'saw 1', 'saw 2'; [1, 2]
 */
export function tap<T>(fn: (value: T) => void): Operator<T, T> {
  checkFunction('fn', fn);
  return fusable<T, T>({ kind: 'tap', code: '$.fn(v);', state: () => ({ fn }), needs: oneToOne });
}
