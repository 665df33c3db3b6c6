// from(source): any Iterable / AsyncIterable (arrays, generators, Node Readable, ReadableStream) as a stage,
// pulled exactly as far as subscribers ask (GenStage.from_enumerable).
import { CoreStage } from './core.js';
import { later } from '../protocol/fairness.js';
import { pullIterator } from '../protocol/pull.js';
import type { DispatcherFactory } from '../dispatchers/dispatcher.js';
import { checkSubscribeOptions, isStage, type StageBase } from './stage.js';
import type { Source, Stage, SubscribeOptions, Subscription } from '../types.js';
import type { Tracer } from '../observation/trace.js';
import {
  checkName,
  checkOptionalFunction,
  checkOptions,
  checkSource,
  defaultName,
  isIterable,
  isReadableStream,
  isThenable,
} from '../validate.js';
import { checkDispatcher } from '../options.js';

export interface FromOptions<T> {
  name?: string;
  dispatcher?: DispatcherFactory<T>;
  /** Receives this stage's trace events. */
  trace?: Tracer;
}

interface Settings<T> {
  name: string;
  dispatcher: DispatcherFactory<T> | undefined;
  trace: Tracer | undefined;
}

/**
 * Wraps any iterable or async iterable as a stage. Items are pulled only when subscribers ask; a sync
 * iterable fills a whole batch in one call. When the last subscriber leaves, the iterator's `return()`
 * runs, so a generator's `finally` blocks run.
 *
 * @example
 * const pages = from(['page1', 'page2', 'page3']);
 * for await (const page of pages) console.log(page);
 */
export function from<T>(source: Source<T> | ReadableStream<T>, options?: FromOptions<T>): Stage<T> {
  checkSource('source', source);
  const opts = checkOptions(options, ['name', 'dispatcher', 'trace'], 'from');
  if (isStage<T>(source) && options === undefined) return source;
  const settings: Settings<T> = {
    name: checkName(opts.name, defaultName('from')),
    dispatcher: checkDispatcher<T>(opts.dispatcher),
    trace: checkOptionalFunction<Tracer>('trace', opts.trace),
  };
  if (Array.isArray(source)) return new ArrayStage(source, settings);
  if (isIterable(source)) return new IteratorStage(() => source[Symbol.iterator](), true, settings, !isOneShot(source));
  if (isReadableStream(source) && !(Symbol.asyncIterator in source)) {
    return new IteratorStage(() => readerIterator(source.getReader()), false, settings, false);
  }
  const iterable = source as AsyncIterable<T>;
  return new IteratorStage(() => iterable[Symbol.asyncIterator](), false, settings, !isOneShot(source));
}

// A generator object (any iterator that is its own iterable) can be read once: it cannot start over. Nor can a
// stream (a web ReadableStream, a Node Readable): iterated again, it ends at once, having nothing left.
function isOneShot(source: object): boolean {
  if (isReadableStream(source) || isNodeReadable(source)) return true;
  const iterable = source as { [Symbol.iterator]?: () => unknown; [Symbol.asyncIterator]?: () => unknown };
  const method = iterable[Symbol.iterator] ?? iterable[Symbol.asyncIterator];
  return typeof (source as { next?: unknown }).next === 'function' && method !== undefined && method.call(source) === source;
}

function isNodeReadable(source: object): boolean {
  const stream = source as { read?: unknown; pipe?: unknown; on?: unknown };
  return typeof stream.read === 'function' && typeof stream.pipe === 'function' && typeof stream.on === 'function';
}

/** A stage for any source, without wrapping what already is one. */
export function toStage<T>(source: Source<T>): StageBase<T> {
  return isStage<T>(source) ? source : (from(source) as StageBase<T>);
}

/**
 * Opens one subscription in manual mode (GenStage's `:manual`): nothing is asked until you call `ask(n)`.
 * The low-level door to the demand protocol, for consumers that manage demand themselves.
 *
 * @example
 * const subscription = openSubscription(from([1, 2, 3]));
 * subscription.ask(2);
 * const batch = await subscription.next(); // [1, 2]
 * await subscription.cancel();
 */
export function openSubscription<T>(source: Source<T>, options?: SubscribeOptions<T>): Subscription<T> {
  checkSource('source', source);
  const stage = toStage(source);
  return stage.open(checkSubscribeOptions(options, stage, 'openSubscription'));
}

class ArrayStage<T> extends CoreStage<T> {
  private position = 0;

  constructor(private readonly items: readonly T[], private readonly settings: Settings<T>) {
    super({ ...settings, kind: 'from', bufferSize: Infinity, bufferKeep: 'last' });
  }

  override respawn(): StageBase<T> {
    return new ArrayStage(this.items, this.settings);
  }

  protected onStart(): void {
    if (this.items.length === 0) this.complete();
  }

  // Nothing was closed on release: a new subscriber gets the items not taken yet.
  protected override reopen(): boolean {
    return true;
  }

  // Events a partition hash dropped used no demand: the subscribers still want more, so more is taken.
  protected override onDemandChange(): void {
    const wanted = this.wanted;
    if (wanted > 0 && this.position < this.items.length) this.onDemand(wanted);
  }

  protected onDemand(n: number): void {
    const start = this.position;
    const end = Math.min(start + n, this.items.length);
    this.position = end;
    this.received += end - start;
    this.emit(this.items.slice(start, end));
    if (end === this.items.length) this.complete();
  }
}


class IteratorStage<T> extends CoreStage<T> {
  private iterator: Iterator<T> | AsyncIterator<T> | null = null;
  private closed = false;
  private pulling = false;
  // A partial batch of an async source is flushed at the end of the current macrotask: fast async sources
  // fill whole batches, slow ones deliver each item without waiting for the rest of the demand.
  private pending: T[] = [];
  private flushScheduled = false;
  private draining = false;

  constructor(
    private readonly makeIterator: () => Iterator<T> | AsyncIterator<T>,
    private readonly sync: boolean,
    private readonly settings: Settings<T>,
    private readonly restartable: boolean,
  ) {
    super({ ...settings, kind: 'from', bufferSize: Infinity, bufferKeep: 'last' });
  }

  // Iterating the source again: iterables start over; a generator object cannot, so nothing can be had again.
  override respawn(): StageBase<T> | undefined {
    if (!this.restartable) return undefined;
    return new IteratorStage(this.makeIterator, this.sync, this.settings, true);
  }

  protected onStart(): void {
    try {
      this.iterator = this.makeIterator();
    } catch (error) {
      this.closed = true;
      this.error(error);
    }
  }

  protected onDemand(n: number): void {
    if (this.sync) this.pullSync(n);
  }

  // An async source is pulled while subscribers want more than what was pulled and not yet passed on.
  protected override onDemandChange(): void {
    if (this.sync) {
      // Events a partition hash dropped used no demand: the subscribers still want more, so more is pulled.
      const wanted = this.wanted;
      if (wanted > 0 && !this.closed && this.iterator !== null) this.pullSync(wanted);
    } else if (!this.pulling && this.wanted > this.pending.length) void this.pullAsync();
  }

  // A pull in progress finishes and its item is delivered; then the iterator is closed.
  protected override onDrain(): void {
    this.draining = true;
    if (this.pulling) return;
    this.flush();
    this.complete();
    void Promise.resolve(this.onRelease()).catch(() => undefined);
  }

  protected onRelease(): void | Promise<void> {
    const iterator = this.iterator;
    if (this.closed || iterator === null || typeof iterator.return !== 'function') return;
    this.closed = true;
    let result: unknown;
    try {
      result = iterator.return();
    } catch (error) {
      return Promise.reject(error);
    }
    if (!isThenable(result)) return;
    const closed = Promise.resolve(result).then(() => undefined);
    return closed;
  }

  private pullSync(n: number): void {
    const { items, done, failure } = pullIterator(this.iterator as Iterator<T>, n);
    if (done) this.closed = true;
    this.received += items.length;
    this.emit(items);
    if (failure) this.error(failure.error);
    else if (done) this.complete();
  }

  private async pullAsync(): Promise<void> {
    const iterator = this.iterator as AsyncIterator<T>;
    this.pulling = true;
    try {
      while (this.running && this.wanted > this.pending.length) {
        const step = await iterator.next();
        if (!this.running) return;
        if (step.done) {
          this.closed = true;
          this.flush();
          this.complete();
          return;
        }
        this.received++;
        this.pending.push(step.value);
        if (this.draining) {
          this.pulling = false;
          this.onDrain();
          return;
        }
        if (this.wanted <= this.pending.length) this.flush();
        else if (!this.flushScheduled) {
          this.flushScheduled = true;
          later(() => {
            this.flushScheduled = false;
            this.flush();
          });
        }
      }
    } catch (error) {
      this.closed = true;
      this.flush();
      this.error(error);
    } finally {
      this.pulling = false;
    }
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.emit(batch);
  }
}

async function* readerIterator<T>(reader: ReadableStreamDefaultReader<T>): AsyncGenerator<T> {
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel();
    reader.releaseLock();
  }
}
