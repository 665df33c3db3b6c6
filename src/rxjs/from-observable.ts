// fromObservable(): an Observable as a producer stage. Rx is push-only, so the stage's buffer stands between
// the observable's pace and the subscribers' demand, with the producer's explicit overflow rules.
import type { Observable } from 'rxjs';
import type { DispatcherFactory } from '../dispatchers/dispatcher.js';
import { checkDispatcher } from '../options.js';
import type { Stage } from '../types.js';
import { checkName, checkOptions, defaultName } from '../validate.js';
import { BUFFER_KEYS, checkObservableBuffer, type ObservableBufferOptions } from './buffer-options.js';
import { checkObservableInput, toRxObservable, type ObservableSource } from './observable-input.js';
import { ObservableStage, type ObservableStageOptions } from './observable-stage.js';

export interface FromObservableOptions<T> extends ObservableBufferOptions {
  name?: string;
  dispatcher?: DispatcherFactory<T>;
}

/**
 * An Observable (or anything with `Symbol.observable`, or an `ObservableInput` such as a Promise or an
 * iterable) as a stage. It subscribes on the first demand, not before. Values pushed beyond demand wait in
 * the buffer (`bufferSize`, default 10 000): on overflow `bufferKeep: 'last'` (default) drops the oldest,
 * `'first'` the new ones, both reported through `onDiscard`; `'error'` fails the stage with a
 * `BufferOverflowError` after delivering what the buffer holds. The observable's `complete` ends the stage
 * once the buffer is delivered, its `error` reaches subscribers as the same object after the buffered
 * values, and the last subscriber leaving unsubscribes at once.
 *
 * @example
 * import { interval, take } from 'rxjs';
 * import { consume } from 'genstage';
 * import { fromObservable } from 'genstage/rxjs';
 *
 * let dropped = 0;
 * const ticks = fromObservable(interval(1).pipe(take(300)), { bufferSize: 20, onDiscard: (n) => (dropped += n) });
 * await consume(ticks, async (batch) => {
 *   console.log(batch); // a slow consumer: at most 20 ticks wait for it, the older ones are dropped
 *   await new Promise((resolve) => setTimeout(resolve, 50));
 * }, { maxDemand: 10 });
 * console.log(`dropped ${dropped} ticks`);
 */
export function fromObservable<T>(input: ObservableSource<T>, options?: FromObservableOptions<T>): Stage<T> {
  checkObservableInput('observable', input);
  const opts = checkOptions(options, ['name', 'dispatcher', ...BUFFER_KEYS], 'fromObservable');
  return new FromObservableStage(input, {
    name: checkName(opts.name, defaultName('fromObservable')),
    kind: 'fromObservable',
    dispatcher: checkDispatcher<T>(opts.dispatcher),
    ...checkObservableBuffer(opts),
  });
}

class FromObservableStage<T> extends ObservableStage<T> {
  constructor(private readonly input: ObservableSource<T>, options: ObservableStageOptions<T>) {
    super(options);
  }

  protected observe(): Observable<T> {
    return toRxObservable(this.input);
  }
}
