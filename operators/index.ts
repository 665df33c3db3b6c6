// genstage/operators: the everyday operators of RxJS, IxJS and the iterator helpers, plus Broadway's batching
// and rate limiting, each a stage of a back-pressured pipeline. Synchronous per-event operators fuse.
export { setFusion } from './fuse.js';
export { map } from './map.js';
export { filter, type Truthy } from './filter.js';
export { tap } from './tap.js';
export { scan } from './scan.js';
export { take } from './take.js';
export { takeWhile } from './take-while.js';
export { skip } from './skip.js';
export { skipWhile } from './skip-while.js';
export { distinctUntilChanged } from './distinct-until-changed.js';
export { pairwise } from './pairwise.js';
export { concatMap, flatMap } from './concat-map.js';
export { mergeMap, type MergeMapOptions } from './merge-map.js';
export { batch, type BatchOptions } from './batch.js';
export { rateLimit, type RateLimitOptions } from './rate-limit.js';
export { buffer, prefetch, type BufferOptions, type BufferKeepMode } from './buffer.js';
export { catchError } from './catch-error.js';
export { retry, type RetryDelay, type RetryOptions } from './retry.js';
export { finalize } from './finalize.js';
export { timeout, TimeoutError, type TimeoutOptions } from './timeout.js';
