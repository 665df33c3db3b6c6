// genstage/rxjs: the bridge between RxJS observables and back-pressured stages. rxjs (7.x) is an optional
// peer dependency: only this entry point imports it.
export { fromObservable, type FromObservableOptions } from './from-observable.js';
export { toObservable } from './to-observable.js';
export { fromRxOperator, type FromRxOperatorOptions } from './from-rx-operator.js';
export { toRxOperator, type ToRxOperatorOptions } from './to-rx-operator.js';
export { BufferOverflowError, type ObservableBufferKeep, type ObservableBufferOptions } from './buffer-options.js';
export type { InteropObservableLike, ObservableSource } from './observable-input.js';
