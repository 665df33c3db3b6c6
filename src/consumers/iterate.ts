// `for await (const x of stage)`: a thin adapter over one Upstream. It subscribes on the first `next()`, yields
// each chunk's events, and re-asks per the min/max rule when the consumer asks for the event after a chunk, as
// GenStage.stream does. Overlapping `next()` calls wait in line, as an async generator's do.
import { asyncDispose } from '../dispose.js';
import { releasedWithinGrace } from '../protocol/fairness.js';
import { Upstream } from '../protocol/upstream.js';
import type { StageBase } from '../stages/stage.js';

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });
const EMPTY: readonly never[] = [];

export class StageIterator<T> implements AsyncIterableIterator<T> {
  private upstream: Upstream<T> | null = null;
  private chunk: readonly T[] = EMPTY;
  private index = 0;
  private done = false;
  // The call still at work, which a later next() waits for.
  private line: Promise<IteratorResult<T>> | null = null;

  // An abort stops the iteration mid-chunk: the next call reaches the subscription, which throws the reason.
  private readonly signal: AbortSignal | undefined;

  constructor(private readonly stage: StageBase<T>) {
    this.signal = stage.subscriptionOptions({}).signal;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.line !== null) {
      const queued = this.line.then(
        () => this.step(),
        () => this.step(),
      );
      return this.queue(queued);
    }
    if (this.index < this.chunk.length && this.signal?.aborted !== true) {
      return Promise.resolve({ value: this.chunk[this.index++]!, done: false });
    }
    return this.queue(this.step());
  }

  return(): Promise<IteratorResult<T>> {
    this.finish();
    const released = releasedWithinGrace(this.upstream?.cancel());
    return released ? released.then(() => DONE) : Promise.resolve(DONE);
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    return this.return().then(() => Promise.reject(error));
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  /** `await using iterator = stage[Symbol.asyncIterator]()`: released at scope end, as an async generator is. */
  [asyncDispose](): Promise<void> {
    return this.return().then(noop);
  }

  private queue(call: Promise<IteratorResult<T>>): Promise<IteratorResult<T>> {
    this.line = call;
    const clear = () => {
      if (this.line === call) this.line = null;
    };
    call.then(clear, clear);
    return call;
  }

  private step(): Promise<IteratorResult<T>> {
    // An abort stops the iteration mid-chunk, whatever upstream still holds.
    if (this.signal?.aborted && !this.done) return this.failed(this.signal.reason);
    if (this.index < this.chunk.length) return Promise.resolve({ value: this.chunk[this.index++]!, done: false });
    if (this.done) return Promise.resolve(DONE);
    try {
      let upstream = this.upstream;
      if (upstream === null) upstream = this.upstream = new Upstream(this.stage, { takesTurns: true });
      else if (this.chunk.length > 0) upstream.handled(this.chunk.length);
      this.chunk = EMPTY;
      this.index = 0;
      const next = upstream.next();
      if (next === null) return Promise.resolve(this.end());
      if (Array.isArray(next)) return Promise.resolve(this.take(next as readonly T[]));
      return (next as Promise<readonly T[] | null>).then(
        (chunk) => (chunk === null ? this.end() : this.take(chunk)),
        (error) => this.failed(error),
      );
    } catch (error) {
      return this.failed(error);
    }
  }

  // An error: rejects once upstream was released (an abort: once this turn is over at the latest).
  private failed(error: unknown): Promise<never> {
    this.finish();
    const cancelled = this.upstream?.cancel();
    const released = this.signal?.aborted && error === this.signal.reason ? releasedWithinGrace(cancelled) : cancelled;
    const rethrow = () => Promise.reject(error);
    return released ? released.then(rethrow, rethrow) : rethrow();
  }

  private take(chunk: readonly T[]): IteratorResult<T> {
    if (this.done || chunk.length === 0) return DONE;
    this.chunk = chunk;
    this.index = 1;
    return { value: chunk[0]!, done: false };
  }

  private end(): IteratorResult<T> {
    this.finish();
    return DONE;
  }

  private finish(): void {
    this.done = true;
    this.chunk = EMPTY;
    this.index = 0;
  }
}

function noop(): void {}
