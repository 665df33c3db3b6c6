// genstage/workers: a stage across CPU cores (Node only). Each of n worker threads runs the module's
// handleEvents on batches, with GenStage's demand crossing the thread boundary.
import type { Operator, Source } from '../index.js';
import { toStage } from '../stages/from.js';
import { checkSource } from '../validate.js';
import { checkWorkersOptions, type WorkersOptions } from './options.js';
import { WorkersStage } from './stage.js';

export { WorkerError } from './errors.js';
export { liveWorkerThreads, type WorkerStats } from './thread.js';
export type { WorkersOptions } from './options.js';
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
 * // hash.js: export function handleEvents(lines) { return lines.map(sha256); }
 * const hashes = pipe(from(lines), workers(4, new URL('./hash.js', import.meta.url)));
 * for await (const hash of hashes) console.log(hash);
 */
export function workers<A, B>(n: number, module: URL | string, options?: WorkersOptions): Operator<A, B> {
  const settings = checkWorkersOptions(n, module, options);
  return (source: Source<A>) => {
    checkSource('source', source);
    return new WorkersStage<A, B>(toStage(source), settings);
  };
}
