// toObservable(): a stage (or any source) as a cold Observable. Each subscribe is one run of the source with its
// own demand; batches are emitted value by value as they arrive, and unsubscribe releases upstream at once.
import { Observable, type Subscriber } from 'rxjs';
import { Pump, type PumpOwner } from '../protocol/pump.js';
import { Upstream } from '../protocol/upstream.js';
import { toStage } from '../stages/from.js';
import { checkSubscribeOptions, isStage, type StageBase } from '../stages/stage.js';
import type { DemandOptions, Source } from '../types.js';
import { checkOptions, checkSource, isAsyncIterable, isIterable } from '../validate.js';

/**
 * A cold Observable of a source's events: each `subscribe` runs the source from its start, with its own demand
 * (`maxDemand` default 1000, `minDemand` default `floor(maxDemand / 2)`), re-asked by GenStage's consumer rule as
 * values are emitted, so RxJS's `repeat`, `retry` and a second `subscribe` see every event again. `unsubscribe`
 * cancels that run, which releases upstream (a generator's `finally` runs); the source's error and completion
 * become the observable's.
 *
 * What runs for each subscription:
 * - a factory, `toObservable(() => pipeline)`: a new pipeline, built by calling it;
 * - an array, or an iterable that starts over (a Set, an object with a generator method): iterated again;
 * - a stage that can start over (`from()` over those, then operators; `of`, `interval`, `concat`, `zip`,
 *   `merge` of such): a fresh copy of it, as `retry` makes one;
 * - a one-shot source (a generator object, a `producer()`, a producerConsumer, any stage that cannot start
 *   over): the first subscription reads it as it is (a producer is hot: that subscription joins it); every later
 *   subscription fails at once with a TypeError that says so, rather than completing with nothing. Pass a factory
 *   to make it cold.
 *
 * @example
 * import { repeat, take } from 'rxjs';
 * import { from, pipe, producerConsumer } from 'genstage';
 * import { toObservable } from 'genstage/rxjs';
 *
 * const doubled = pipe(from([1, 2, 3, 4]), producerConsumer((xs: number[]) => xs.map((x) => x * 2)));
 * toObservable(doubled, { maxDemand: 2 }).pipe(take(3)).subscribe((x) => console.log(x)); // 2, 4, 6
 * toObservable(() => from([1, 2])).pipe(repeat(3)).subscribe((x) => console.log(x)); // 1, 2, 1, 2, 1, 2
 */
export function toObservable<T>(source: Source<T> | (() => Source<T>), options?: DemandOptions): Observable<T> {
  const demand = checkSubscribeOptions(checkOptions(options, ['maxDemand', 'minDemand'], 'toObservable'), undefined, 'toObservable');
  const nextRun = runs(source);
  return new Observable<T>((subscriber) => {
    let upstream: Upstream<T>;
    try {
      upstream = new Upstream(nextRun(), demand);
    } catch (error) {
      subscriber.error(error);
      return;
    }
    new Pump(upstream, emitter(subscriber)).run();
    return () => {
      // The subscriber is gone: nobody is left to hear that releasing upstream failed.
      const released = upstream.cancel();
      if (released) released.catch(() => undefined);
    };
  });
}

/** The stage each subscription reads: a new one wherever the source can start over. */
function runs<T>(source: Source<T> | (() => Source<T>)): () => StageBase<T> {
  if (typeof source === 'function' && !isIterable(source) && !isAsyncIterable(source)) {
    const factory = source as () => Source<T>;
    return () => {
      const made = factory();
      checkSource('the result of the toObservable factory', made);
      return toStage(made);
    };
  }
  checkSource('source', source);
  const template = toStage(source as Source<T>);
  // Our own wrapper of a plain iterable has never run: the first subscription may read it.
  let fresh = !isStage(source);
  let used = false;
  return () => {
    if (fresh) {
      fresh = false;
      used = true;
      return template;
    }
    const copy = template.respawn();
    if (copy !== undefined) return copy;
    if (used) {
      throw new TypeError(
        `toObservable source ${template.kind} stage ${template.name} cannot start over: it was read by an earlier subscription ` +
          '(a generator object, a producer and a producerConsumer run once); pass a factory, toObservable(() => source), to build one per subscription',
      );
    }
    used = true;
    return template;
  };
}

function emitter<T>(subscriber: Subscriber<T>): PumpOwner<T> {
  return {
    wants: () => !subscriber.closed,
    handle(chunk) {
      for (let i = 0; i < chunk.length; i++) {
        subscriber.next(chunk[i]!);
        // A downstream take() or unsubscribe() while we emit: stop at once.
        if (subscriber.closed) return;
      }
    },
    ended: () => subscriber.complete(),
    failed: (error) => subscriber.error(error),
  };
}
