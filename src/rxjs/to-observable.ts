// toObservable(): a stage (or any source) as a cold Observable. Each subscribe is one consumer with its own
// demand; batches are emitted value by value as they arrive, and unsubscribe releases upstream at once.
import { Observable, type Subscriber } from 'rxjs';
import { connect } from '../from.js';
import { isBatch } from '../iterate.js';
import { checkSubscribeOptions, type Connection } from '../stage.js';
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
    const connection = connect(source, demand);
    void pump(connection, subscriber);
    return () => {
      // The subscriber is gone: nobody is left to hear that releasing upstream failed.
      const released = connection.subscription.cancel();
      if (released) released.catch(() => undefined);
    };
  });
}

async function pump<T>({ subscription, demand }: Connection<T>, subscriber: Subscriber<T>): Promise<void> {
  try {
    for (;;) {
      let batch = subscription.next();
      if (batch !== null && !isBatch(batch)) batch = await batch;
      if (batch === null) {
        subscriber.complete();
        return;
      }
      for (let from = 0; from < batch.length; from += demand.chunk) {
        const end = Math.min(from + demand.chunk, batch.length);
        for (let i = from; i < end; i++) {
          subscriber.next(batch[i]!);
          // A downstream take() or unsubscribe() while we emit: stop at once.
          if (subscriber.closed) return;
        }
        const ask = demand.handled(end - from);
        if (ask > 0) subscription.ask(ask);
      }
    }
  } catch (error) {
    subscriber.error(error);
  }
}
