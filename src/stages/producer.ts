// producer(): GenStage's :producer. Demand reaches `handleDemand` after the buffer served what it could;
// events can also be pushed at any time (the seed's `scrape_pages` cast).
import type { BufferKeep } from '../protocol/ring-buffer.js';
import { CoreStage } from './core.js';
import type { DispatcherFactory } from '../dispatchers/dispatcher.js';
import { checkBuffer, checkDispatcher, DEFAULT_BUFFER_SIZE } from '../options.js';
import type { Tracer } from '../observation/trace.js';
import type { Stage } from '../types.js';
import {
  checkName,
  checkOptionalFunction,
  checkOptions,
  defaultName,
  isIterable,
  isThenable,
  show,
} from '../validate.js';

export type DemandResult<T> = Iterable<T> | Promise<Iterable<T> | void> | void;

export interface ProducerOptions<T> {
  name?: string;
  /** Called with the demand the buffer could not serve, once per ask. May return fewer events and push more later. */
  handleDemand?(demand: number): DemandResult<T>;
  /** Events kept while nobody asks for them (default 10 000; `Infinity` allowed). */
  bufferSize?: number;
  /** On overflow: `'last'` (default) drops the oldest, `'first'` drops the new events. */
  bufferKeep?: BufferKeep;
  /** Called with the count of events dropped by one push; the default prints GenStage's warning. */
  onDiscard?(count: number): void;
  dispatcher?: DispatcherFactory<T>;
  /** Receives this stage's trace events. */
  trace?: Tracer;
}

export interface Producer<T> extends Stage<T> {
  /** Emits events now: delivered where there is demand, buffered otherwise (lossy past `bufferSize`). */
  push(events: Iterable<T>): void;
  /** Emits events without losing any: resolves once they were all delivered or fit in the buffer. */
  write(events: Iterable<T>): Promise<void>;
  /** No more events: subscribers complete once the buffer is delivered. */
  end(): void;
  /** Fails the stage: subscribers get what it holds (as their demand allows), then `error`; waiting writes reject. */
  fail(error: unknown): void;
}

/**
 * A producer stage, as GenStage's `:producer`: `handleDemand(n)` is called for the demand its buffer
 * could not serve, and `push`/`write` emit events at any time. It lives until `end()` or `fail()`.
 *
 * @example
 * const pages = producer<string>({
 *   name: 'PageProducer',
 *   handleDemand: (demand) => console.log(`PageProducer received demand for ${demand} pages`),
 * });
 * pages.push(['page1', 'page2']);
 * pages.end();
 */
export function producer<T>(options?: ProducerOptions<T>): Producer<T> {
  const opts = checkOptions(
    options,
    ['name', 'handleDemand', 'bufferSize', 'bufferKeep', 'onDiscard', 'dispatcher', 'trace'],
    'producer',
  );
  return new ProducerStage<T>(opts);
}

class ProducerStage<T> extends CoreStage<T> implements Producer<T> {
  private readonly handleDemand: ((demand: number) => DemandResult<T>) | undefined;
  // GenStage handles one message at a time: asks arriving while an async handleDemand runs wait their turn.
  private queued: number[] = [];
  private busy = false;
  private ended = false;

  constructor(options: Partial<ProducerOptions<T>>) {
    super({
      name: checkName(options.name, defaultName('producer')),
      kind: 'producer',
      dispatcher: checkDispatcher<T>(options.dispatcher),
      ...checkBuffer(options, DEFAULT_BUFFER_SIZE),
      trace: checkOptionalFunction<Tracer>('trace', options.trace),
    });
    this.handleDemand = checkOptionalFunction('handleDemand', options.handleDemand);
  }

  push(events: Iterable<T>): void {
    const batch = this.accept('push', events);
    this.emit(batch);
  }

  write(events: Iterable<T>): Promise<void> {
    let batch: readonly T[];
    try {
      batch = this.accept('write', events);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.emitLossless(batch) ?? Promise.resolve();
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (!this.busy) this.complete();
  }

  fail(error: unknown): void {
    this.ended = true;
    this.queued = [];
    this.error(error);
  }

  // A producer outlives its subscribers: events may still be pushed for the next one.
  protected override onIdle(): void {}

  protected override onDrain(): void {
    this.end();
  }

  protected inFlight(): number {
    return this.busy ? 1 : 0;
  }

  protected onDemand(n: number): void {
    if (this.handleDemand === undefined || this.ended) return;
    if (this.busy) this.queued.push(n);
    else this.callHandleDemand(n);
  }

  private callHandleDemand(n: number): void {
    // Busy also during a synchronous call: an end() from inside handleDemand waits for its events.
    this.busy = true;
    let result: DemandResult<T>;
    try {
      result = this.handleDemand!(n);
    } catch (error) {
      this.busy = false;
      this.fail(error);
      return;
    }
    if (isThenable(result)) {
      (result as Promise<Iterable<T> | void>).then(
        (events) => this.settle(events),
        (error) => {
          this.busy = false;
          this.fail(error);
        },
      );
    } else {
      this.settle(result as Iterable<T> | void);
    }
  }

  private settle(events: Iterable<T> | void): void {
    this.busy = false;
    this.emitResult(events);
    if (this.ended) this.complete();
    else if (this.queued.length > 0) this.callHandleDemand(this.queued.shift()!);
  }

  private emitResult(events: Iterable<T> | void): void {
    if (events === undefined || events === null || !this.live) return;
    if (!isIterable(events)) {
      this.fail(new TypeError(`handleDemand of producer ${this.name} must return an iterable of events, got ${show(events)}`));
      return;
    }
    this.emit(Array.isArray(events) ? events : Array.from(events));
  }

  private accept(method: string, events: Iterable<T>): readonly T[] {
    if (!isIterable(events) || typeof events === 'string') {
      throw new TypeError(`${method}: events must be an iterable of events, got ${show(events)}`);
    }
    if (this.ended) throw new Error(`${method}: producer ${this.name} has ended; it accepts no more events`);
    // A copy: the caller may reuse its array, and subscribers must never see it change.
    return Array.from(events);
  }
}
