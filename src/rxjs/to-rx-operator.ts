// toRxOperator(): a genstage operator inside `observable.pipe(...)`. The observable's values go through
// fromObservable's buffer (explicit overflow rules), the operator runs with its demand rules, and
// toObservable turns its output back into an observable. Unsubscribing releases all three.
import { defer, type Observable, type OperatorFunction } from 'rxjs';
import { checkSubscribeOptions } from '../stages/stage.js';
import type { DemandOptions, Operator } from '../types.js';
import { checkFunction, checkName, checkOptions, defaultName } from '../validate.js';
import { BUFFER_KEYS, checkObservableBuffer, type ObservableBufferOptions } from './buffer-options.js';
import { fromObservable } from './from-observable.js';
import { toObservable } from './to-observable.js';

export interface ToRxOperatorOptions extends ObservableBufferOptions, DemandOptions {
  /** Name of the stage buffering the observable's values (in stats, errors and discard reports). */
  name?: string;
}

/**
 * A genstage operator (a `producerConsumer`, a `consumerSupervisor`, a composed `pipe(...)`) as an RxJS
 * operator. The incoming observable is subscribed once the operator asks for events; its values wait in a
 * buffer with fromObservable's rules (`bufferSize` default 10 000, `bufferKeep` `'last'` | `'first'` |
 * `'error'`, `onDiscard`), and the operator's output is consumed with `maxDemand` / `minDemand`
 * (toObservable's defaults). Each subscription runs its own copy of the pipeline.
 *
 * @example
 * import { from as rxFrom } from 'rxjs';
 * import { consumerSupervisor } from 'genstage';
 * import { toRxOperator } from 'genstage/rxjs';
 *
 * const fetchPage = async (url: string) => {
 *   await new Promise((resolve) => setTimeout(resolve, 10)); // stands for fetch(url)
 *   return `<html>${url}</html>`;
 * };
 * rxFrom(['page1', 'page2', 'page3', 'page4', 'page5', 'page6'])
 *   .pipe(toRxOperator(consumerSupervisor(4, fetchPage), { bufferSize: 1000, bufferKeep: 'error' }))
 *   .subscribe((html) => console.log(html)); // at most 4 pages fetched at once
 */
export function toRxOperator<A, B>(operator: Operator<A, B>, options?: ToRxOperatorOptions): OperatorFunction<A, B> {
  checkFunction('operator', operator);
  const opts = checkOptions(options, ['name', 'maxDemand', 'minDemand', ...BUFFER_KEYS], 'toRxOperator');
  const buffer = checkObservableBuffer(opts);
  const demand = checkSubscribeOptions({ maxDemand: opts.maxDemand, minDemand: opts.minDemand }, undefined, 'toRxOperator');
  const name = checkName(opts.name, defaultName('toRxOperator'));
  return (source: Observable<A>) =>
    defer(() => toObservable(operator(fromObservable(source, { name, ...buffer })), demand));
}
