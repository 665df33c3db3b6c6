// Terminal helpers, as the iterator helpers' reduce, forEach, some, every and find (toArray is in consume.ts):
// each drives a source with consume(). Those that can know their answer early stop there: the handler throws
// the answer, and consume() releases upstream (a generator's finally runs) before the promise settles.
import { consume, type ConsumeOptions } from './consume.js';
import type { Source } from '../types.js';
import { checkFunction, checkOptions, isThenable } from '../validate.js';

/** A helper's options, checked under its own name before anything starts. */
function checked(options: ConsumeOptions | undefined, where: string): ConsumeOptions | undefined {
  checkOptions(options, ['maxDemand', 'minDemand', 'signal'], where);
  return options;
}

/** Thrown by a handler once the answer is known. */
class Answer<R> {
  constructor(readonly value: R) {}
}

/**
 * Folds every event into a total, as `Array.prototype.reduce`: `fn(total, value, index)`, from `seed`. Without a
 * seed the first event is the first total, and an empty source rejects with a TypeError.
 *
 * @example
 * const sum = await reduce(from([1, 2, 3]), (total: number, x: number) => total + x, 0); // 6
 */
export function reduce<T, R>(source: Source<T>, fn: (total: R, value: T, index: number) => R, seed: R, options?: ConsumeOptions): Promise<R>;
export function reduce<T>(source: Source<T>, fn: (total: T, value: T, index: number) => T): Promise<T>;
export function reduce<T, R>(
  source: Source<T>,
  fn: (total: R, value: T, index: number) => R,
  ...rest: [seed?: R, options?: ConsumeOptions]
): Promise<R> {
  checkFunction('fn', fn);
  let started = rest.length > 0;
  let total = rest[0] as R;
  let index = 0;
  const handle = (events: T[]): void => {
    let i = 0;
    if (!started && events.length > 0) {
      started = true;
      total = events[i++] as unknown as R;
      index++;
    }
    // Locals in the loop: a number kept in a closure variable would be boxed on every write.
    let t = total;
    let n = index;
    for (; i < events.length; i++) t = fn(t, events[i]!, n++);
    total = t;
    index = n;
  };
  return consume(source, handle, checked(rest[1], 'reduce')).then(() => {
    if (!started) throw new TypeError('reduce of an empty source with no seed');
    return total;
  });
}

/**
 * Calls `fn(value, index)` for every event; a promise it returns is awaited before the next event.
 *
 * @example
 * await forEach(from(['a', 'b']), (page: string) => console.log(page));
 */
export function forEach<T>(
  source: Source<T>,
  fn: (value: T, index: number) => void | PromiseLike<void>,
  options?: ConsumeOptions,
): Promise<void> {
  checkFunction('fn', fn);
  return consume(source, eachEvent(fn, options?.signal), checked(options, 'forEach'));
}

/**
 * The first event, or undefined when the source is empty. It asks for one event only and releases upstream at once.
 *
 * @example
 * const page = await first(from(['page1', 'page2'])); // 'page1'
 */
export function first<T>(source: Source<T>, options?: ConsumeOptions): Promise<T | undefined> {
  const answer = (value: T) => {
    throw new Answer(value);
  };
  return answered(consume(source, eachEvent(answer, undefined), { maxDemand: 1, minDemand: 0, ...checked(options, 'first') }), undefined);
}

/**
 * The first event `pred(value, index)` is true for, or undefined. Stops and releases upstream once found.
 *
 * @example
 * const big = await find(from([1, 5, 10]), (x: number) => x > 3); // 5
 */
export function find<T, S extends T>(source: Source<T>, pred: (value: T, index: number) => value is S, options?: ConsumeOptions): Promise<S | undefined>;
export function find<T>(source: Source<T>, pred: (value: T, index: number) => unknown, options?: ConsumeOptions): Promise<T | undefined>;
export function find<T>(source: Source<T>, pred: (value: T, index: number) => unknown, options?: ConsumeOptions): Promise<T | undefined> {
  return decide(source, pred, checked(options, 'find'), (passed, value) => (passed ? new Answer(value) : undefined), undefined);
}

/**
 * Whether `pred(value, index)` is true for some event. Stops and releases upstream at the first one.
 *
 * @example
 * const anyBig = await some(from([1, 5, 10]), (x: number) => x > 3); // true
 */
export function some<T>(source: Source<T>, pred: (value: T, index: number) => unknown, options?: ConsumeOptions): Promise<boolean> {
  return decide(source, pred, checked(options, 'some'), (passed) => (passed ? new Answer(true) : undefined), false);
}

/**
 * Whether `pred(value, index)` is true for every event (true for an empty source). Stops and releases upstream at
 * the first event it is false for.
 *
 * @example
 * const allSmall = await every(from([1, 5, 10]), (x: number) => x < 100); // true
 */
export function every<T>(source: Source<T>, pred: (value: T, index: number) => unknown, options?: ConsumeOptions): Promise<boolean> {
  return decide(source, pred, checked(options, 'every'), (passed) => (passed ? undefined : new Answer(false)), true);
}

// Runs `pred` on each event (awaiting it when it returns a promise) until `verdict` gives an answer.
function decide<T, R>(
  source: Source<T>,
  pred: (value: T, index: number) => unknown,
  options: ConsumeOptions | undefined,
  verdict: (passed: unknown, value: T) => Answer<R> | undefined,
  otherwise: R,
): Promise<R> {
  checkFunction('pred', pred);
  const judge = (passed: unknown, value: T): void => {
    const answer = verdict(passed, value);
    if (answer !== undefined) throw answer;
  };
  const visit = (value: T, index: number): void | PromiseLike<void> => {
    const passed = pred(value, index);
    if (isThenable(passed)) return passed.then((p) => judge(p, value));
    judge(passed, value);
  };
  return answered(consume(source, eachEvent(visit, options?.signal), options), otherwise);
}

function answered<R>(run: Promise<void>, otherwise: R): Promise<R> {
  return run.then(
    () => otherwise,
    (reason: unknown) => {
      if (reason instanceof Answer) return reason.value as R;
      throw reason;
    },
  );
}

/**
 * A consume() handler calling `visit` on each event, awaiting it only when it returned a promise. An abort stops
 * it between two events, rather than at the end of the batch.
 */
function eachEvent<T>(
  visit: (value: T, index: number) => unknown,
  signal: AbortSignal | undefined,
): (events: T[]) => void | Promise<void> {
  let index = 0;
  const from = (events: T[], start: number): void | Promise<void> => {
    for (let i = start; i < events.length; i++) {
      if (signal?.aborted) throw signal.reason;
      const visited = visit(events[i]!, index++);
      if (isThenable(visited)) return Promise.resolve(visited).then(() => from(events, i + 1));
    }
  };
  return (events) => from(events, 0);
}

