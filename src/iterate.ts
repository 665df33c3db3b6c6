// `for await (const x of stage)`: a thin adapter over one subscription. It subscribes on the first
// `next()`, yields each batch's events, and re-asks per the min/max rule when the consumer asks for the
// event after a chunk, as GenStage.stream does (semantics §4.4).
import { Fairness } from './fairness.js';
import type { Connection } from './stage.js';

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });
const EMPTY: readonly never[] = [];

export class StageIterator<T> implements AsyncIterableIterator<T> {
  private connection: Connection<T> | null = null;
  private batch: readonly T[] = EMPTY;
  private index = 0;
  private chunkEnd = 0;
  // Events of the current chunk, accounted for when the consumer moves past it.
  private chunkSize = 0;
  private done = false;
  private readonly fairness = new Fairness();
  private readonly onAbort = (): void => this.drop();

  constructor(private readonly connect: () => Connection<T>) {}

  next(): Promise<IteratorResult<T>> {
    if (this.index < this.chunkEnd) return Promise.resolve({ value: this.batch[this.index++]!, done: false });
    return this.advance();
  }

  return(): Promise<IteratorResult<T>> {
    this.finish();
    const released = this.connection?.subscription.cancel();
    return released ? released.then(() => DONE) : Promise.resolve(DONE);
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    return this.return().then(() => Promise.reject(error));
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private advance(): Promise<IteratorResult<T>> {
    if (this.done) return Promise.resolve(DONE);
    try {
      let connection = this.connection;
      if (connection === null) {
        connection = this.connection = this.connect();
        // An abort stops the iteration mid-batch: the next call reaches the subscription, which throws the reason.
        connection.signal?.addEventListener('abort', this.onAbort, { once: true });
      }
      if (this.chunkSize > 0) {
        const ask = connection.demand.handled(this.chunkSize);
        this.chunkSize = 0;
        if (ask > 0) connection.subscription.ask(ask);
      }
      if (this.index < this.batch.length) return Promise.resolve(this.startChunk());
      const next = connection.subscription.next();
      if (next === null) return Promise.resolve(this.end());
      if (isBatch(next)) {
        const pause = this.fairness.synchronous();
        if (pause === undefined) return Promise.resolve(this.take(next));
        return pause.then(() => (connection.signal?.aborted ? this.failed(connection.signal.reason) : this.take(next)));
      }
      this.fairness.waited();
      return next.then(
        (batch) => (batch === null ? this.end() : this.take(batch)),
        (error) => this.failed(error),
      );
    } catch (error) {
      return this.failed(error);
    }
  }

  // An abort or an error: rejects once upstream was released, as consume() does (an abort started the release).
  private failed(error: unknown): Promise<never> {
    this.finish();
    const released = this.connection?.subscription.cancel();
    const rethrow = () => Promise.reject(error);
    return released ? released.then(rethrow, rethrow) : rethrow();
  }

  private take(batch: readonly T[]): IteratorResult<T> {
    this.batch = batch;
    this.index = 0;
    return this.startChunk();
  }

  private startChunk(): IteratorResult<T> {
    const end = Math.min(this.index + this.connection!.demand.chunk, this.batch.length);
    this.chunkSize = end - this.index;
    this.chunkEnd = end;
    return { value: this.batch[this.index++]!, done: false };
  }

  private end(): IteratorResult<T> {
    this.finish();
    return DONE;
  }

  private finish(): void {
    this.done = true;
    this.drop();
    // A long-lived signal must not keep a listener per iteration it once watched.
    this.connection?.signal?.removeEventListener('abort', this.onAbort);
  }

  private drop(): void {
    this.batch = EMPTY;
    this.index = this.chunkEnd = this.chunkSize = 0;
  }
}

export function isBatch<T>(value: readonly T[] | Promise<unknown>): value is readonly T[] {
  return Array.isArray(value);
}
