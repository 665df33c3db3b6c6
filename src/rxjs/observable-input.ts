// What fromObservable accepts: an RxJS Observable, any object with Symbol.observable / '@@observable'
// (another copy of RxJS, xstream, zen-observable, …), or an ObservableInput that RxJS's `from` converts.
import { from, Observable, type ObservableInput, type Subscribable } from 'rxjs';
import { show } from '../validate.js';

/** The interop protocol without a `Symbol.observable` polyfill: `'@@observable'()` returns a subscribable. */
export interface InteropObservableLike<T> {
  '@@observable'(): Subscribable<T>;
}

/** What `fromObservable` accepts (`ObservableInput` includes RxJS Observables and `Symbol.observable` objects). */
export type ObservableSource<T> = ObservableInput<T> | InteropObservableLike<T>;

const RULE = 'an Observable, an object with Symbol.observable, or an ObservableInput (Promise, Iterable, AsyncIterable, ReadableStream)';

/** Refuses at once what no observable can be made of (strings too: a string source is almost always a mistake). */
export function checkObservableInput(name: string, value: unknown): void {
  if (!isObservableSource(value)) throw new TypeError(`${name} must be ${RULE}, got ${show(value)}`);
}

/** The RxJS Observable for any accepted input. */
export function toRxObservable<T>(input: ObservableSource<T>): Observable<T> {
  if (input instanceof Observable) return input;
  const key = interopKey(input);
  if (key !== undefined) {
    // Read lazily, at subscribe time, as RxJS does (rxjs#3259).
    return new Observable<T>((subscriber) => {
      const subscribable = (input as unknown as Record<PropertyKey, () => Subscribable<T>>)[key]!();
      return subscribable.subscribe(subscriber);
    });
  }
  return from(input as ObservableInput<T>);
}

function isObservableSource(value: unknown): boolean {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  if (value instanceof Observable || interopKey(value) !== undefined) return true;
  const v = value as Record<PropertyKey, unknown>;
  return (
    typeof v.then === 'function' ||
    typeof v[Symbol.asyncIterator] === 'function' ||
    typeof v[Symbol.iterator] === 'function' ||
    typeof v.getReader === 'function' ||
    (typeof value === 'object' && typeof v.length === 'number')
  );
}

// Symbol.observable exists only where a polyfill defined it; '@@observable' is the fallback every library sets.
function interopKey(value: unknown): PropertyKey | undefined {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return undefined;
  const v = value as Record<PropertyKey, unknown>;
  const symbol = (Symbol as { observable?: symbol }).observable;
  if (symbol !== undefined && typeof v[symbol] === 'function') return symbol;
  return typeof v['@@observable'] === 'function' ? '@@observable' : undefined;
}
