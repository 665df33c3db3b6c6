// genstage/workers: a stage across CPU cores (Node only). Each of n worker threads runs the module's
// handleEvents on batches, with GenStage's demand crossing the thread boundary.
import type { Operator, Source } from '../index.js';
import { toStage } from '../stages/from.js';
import { checkSource } from '../validate.js';
import { checkWorkersOptions, type WorkersOptions } from './options.js';
import { WorkersStage } from './stage.js';

export { WorkerError } from './errors.js';
export { liveWorkerThreads, type WorkerStats } from './thread.js';
export type { ResourceLimits, WorkersOptions } from './options.js';
export type { WorkersStats } from './stage.js';

/**
 * Runs the module's exported `handleEvents(events: A[]): B[] | Promise<B[]>` in `n` worker threads, started on
 * first demand and reused. Each worker holds at most `maxDemand` events (default 1000), receives batches of at
 * most `maxDemand - minDemand`, and is sent more once its results reached subscribers (a stalled consumer
 * stalls the workers, with the results of at most `n × maxDemand` events buffered). Results come in completion
 * order, or input order with `ordered: true`. A throw in `handleEvents`, or a worker that exits or runs out of
 * memory, fails the pipeline with a `WorkerError`; cancelling, `break`, `stop()` or a failure end every thread.
 *
 * @example
 * // Usually a file beside yours, new URL('./hash.js', import.meta.url); inlined here as a data: URL.
 * const squares = 'data:text/javascript,export const handleEvents = (xs) => xs.map((x) => x * x);';
 * const results = pipe(from([1, 2, 3, 4]), workers<number, number>(2, squares, { ordered: true }));
 * console.log(await toArray(results)); // [1, 4, 9, 16]
 */
export function workers<A, B>(n: number, module: URL | string, options?: WorkersOptions): Operator<A, B> {
  const settings = checkWorkersOptions(n, module, options);
  return (source: Source<A>) => {
    checkSource('source', source);
    return new WorkersStage<A, B>(toStage(source), settings);
  };
}
