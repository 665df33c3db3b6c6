// producerConsumer(): GenStage's :producer_consumer. It asks upstream `maxDemand` as soon as it starts, but
// handles events (and re-asks) only while its own subscribers have demand, so a stalled consumer stalls
// everything upstream of it.
import { CoreStage } from './core.js';
import type { DispatcherFactory } from '../dispatchers/dispatcher.js';
import { toStage } from './from.js';
import { Pump } from '../protocol/pump.js';
import { Upstream } from '../protocol/upstream.js';
import { checkDispatcher } from '../options.js';
import { checkSubscribeOptions, type StageBase } from './stage.js';
import type { DemandOptions, Operator, Source } from '../types.js';
import type { Tracer } from '../observation/trace.js';
import {
  checkFunction,
  checkName,
  checkOptionalFunction,
  checkOptions,
  checkSource,
  defaultName,
  isIterable,
  isThenable,
  show,
} from '../validate.js';

export type EventsResult<B> = Iterable<B> | Promise<Iterable<B> | void> | void;

export interface ProducerConsumerOptions<B> extends DemandOptions {
  name?: string;
  dispatcher?: DispatcherFactory<B>;
  /** Receives this stage's trace events. */
  trace?: Tracer;
}

/**
 * A stage that transforms batches: `handleEvents` gets at most `maxDemand - minDemand` events per call
 * and returns the events to emit (or a promise of them). The re-ask upstream comes after it returned.
 *
 * @example
 * const online = producerConsumer((pages: string[]) => pages.filter(isOnline), { maxDemand: 1, minDemand: 0 });
 * await consume(pipe(pages, online), (batch) => console.log(batch));
 */
export function producerConsumer<A, B>(
  handleEvents: (events: A[]) => EventsResult<B>,
  options?: ProducerConsumerOptions<B>,
): Operator<A, B> {
  checkFunction('handleEvents', handleEvents);
  const opts = checkOptions(options, ['maxDemand', 'minDemand', 'name', 'dispatcher', 'trace'], 'producerConsumer');
  const demand = checkSubscribeOptions({ maxDemand: opts.maxDemand, minDemand: opts.minDemand }, undefined, 'producerConsumer');
  const dispatcher = checkDispatcher<B>(opts.dispatcher);
  const trace = checkOptionalFunction<Tracer>('trace', opts.trace);
  const named = opts.name === undefined ? undefined : checkName(opts.name, '');
  return (source: Source<A>) => {
    checkSource('source', source);
    const name = named ?? defaultName('producerConsumer');
    return new ProducerConsumerStage(toStage(source), handleEvents, demand, { name, dispatcher, trace });
  };
}

class ProducerConsumerStage<A, B> extends CoreStage<B> {
  private pump: Pump<A> | null = null;
  private handling = false;

  constructor(
    private readonly source: StageBase<A>,
    private readonly handleEvents: (events: A[]) => EventsResult<B>,
    private readonly demand: DemandOptions,
    settings: { name: string; dispatcher: DispatcherFactory<B> | undefined; trace: Tracer | undefined },
  ) {
    super({
      ...settings,
      kind: 'producerConsumer',
      bufferSize: Infinity,
      bufferKeep: 'last',
      inputs: [{ stage: source as StageBase<unknown>, options: demand }],
    });
  }

  protected onStart(): void {
    try {
      // GenStage's producer_consumer asks upstream maxDemand at once, whatever its own subscribers want.
      this.pump = new Pump(new Upstream(this.source, this.demand), this);
    } catch (error) {
      this.error(error);
    }
  }

  // Upstream is subscribed anew, as GenStage's producer_consumer would still be subscribed to it.
  protected override reopen(): boolean {
    return true;
  }

  // A downstream ask is answered in one step: the output buffer first, then queued input, while demand lasts.
  protected onDemandChange(): void {
    this.pump?.run();
  }

  protected onRelease(): void | Promise<void> {
    const pump = this.pump;
    this.pump = null;
    pump?.stop();
    return pump?.upstream.cancel();
  }

  protected inFlight(): number {
    return this.handling ? 1 : 0;
  }

  // ---- The pump's owner: input is handled only while subscribers want output (GenStage's K > 0). ----

  // As GenStage, demand is checked between upstream batches: a batch it started is handled to its last chunk.
  wants(): boolean {
    return this.wanted > 0 || (this.pump?.upstream.held ?? 0) > 0;
  }

  handle(chunk: readonly A[]): void | PromiseLike<unknown> {
    this.received += chunk.length;
    this.handling = true;
    let result: EventsResult<B>;
    try {
      result = this.handleEvents(chunk as A[]);
    } catch (error) {
      this.handling = false;
      throw error;
    }
    if (!isThenable(result)) {
      this.handling = false;
      this.emitResult(result as Iterable<B> | void);
      return;
    }
    // The output is dispatched in the same turn as the re-ask upstream that the pump makes on this promise,
    // as GenStage dispatches and then asks, before its consumers react.
    result.then(
      (events) => {
        this.handling = false;
        if (!this.live) return;
        try {
          this.emitResult(events as Iterable<B> | void);
        } catch (error) {
          this.error(error);
        }
      },
      () => {
        this.handling = false;
      },
    );
    return result;
  }

  ended(): void {
    this.complete();
  }

  failed(error: unknown): void {
    this.error(error);
  }

  private emitResult(events: Iterable<B> | void): void {
    if (events === undefined || events === null) return;
    if (!isIterable(events)) throw new TypeError(`handleEvents of ${this.name} must return an iterable of events, got ${show(events)}`);
    this.emit(Array.isArray(events) ? events : Array.from(events));
  }
}
