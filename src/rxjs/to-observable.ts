// toObservable(): a stage (or any source) as a cold Observable. Each subscribe is one consumer with its own
// demand; batches are emitted value by value as they arrive, and unsubscribe releases upstream at once.
import { Observable, type Subscriber } from 'rxjs';
import { Pump, type PumpOwner } from '../protocol/pump.js';
import { Upstream } from '../protocol/upstream.js';
import { toStage } from '../stages/from.js';
import { checkSubscribeOptions } from '../stages/stage.js';
import type { DemandOptions, Source } from '../types.js';
import { checkOptions, checkSource } from '../validate.js';

/**
 * A cold Observable of a source's events. Each `subscribe` opens one subscription to the source with this
 * demand (`maxDemand` default 1000, `minDemand` default `floor(maxDemand / 2)`), re-asked by GenStage's
 * consumer rule as values are emitted. `unsubscribe` cancels that subscription, which releases upstream
 * (a generator's `finally` runs); the source's error and completion become the observable's.
 * Subscribing twice to one Stage makes two consumers that share its events, as two GenStage consumers do.
 *
 * @example
 * import { take } from 'rxjs';
 * import { from, pipe, producerConsumer } from 'genstage';
 * import { toObservable } from 'genstage/rxjs';
 *
 * const doubled = pipe(from([1, 2, 3, 4]), producerConsumer((xs: number[]) => xs.map((x) => x * 2)));
 * toObservable(doubled, { maxDemand: 2 }).pipe(take(3)).subscribe((x) => console.log(x)); // 2, 4, 6
 */
export function toObservable<T>(source: Source<T>, options?: DemandOptions): Observable<T> {
  checkSource('source', source);
  const demand = checkSubscribeOptions(checkOptions(options, ['maxDemand', 'minDemand'], 'toObservable'), undefined, 'toObservable');
  return new Observable<T>((subscriber) => {
    const upstream = new Upstream(toStage(source), demand);
    new Pump(upstream, emitter(subscriber)).run();
    return () => {
      // The subscriber is gone: nobody is left to hear that releasing upstream failed.
      const released = upstream.cancel();
      if (released) released.catch(() => undefined);
    };
  });
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
