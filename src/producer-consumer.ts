// producerConsumer(): GenStage's :producer_consumer. It asks upstream `maxDemand` as soon as it starts, but
// handles events (and re-asks) only while its own subscribers have demand, so a stalled consumer stalls
// everything upstream of it (semantics §2.4).
import { CoreStage } from './core.js';
import type { DispatcherFactory } from './dispatcher.js';
import { toStage } from './from.js';
import { isBatch } from './iterate.js';
import { checkDispatcher } from './options.js';
import { checkSubscribeOptions, type Connection, type StageBase } from './stage.js';
import type { DemandOptions, Operator, Source } from './types.js';
import type { Tracer } from './trace.js';
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
} from './validate.js';

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
  private upstream: Connection<A> | null = null;
  // Demand of this stage's subscribers not met yet (GenStage's K).
  private wanted = 0;
  private wake: (() => void) | null = null;
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
      this.upstream = this.source.connect(this.demand);
    } catch (error) {
      this.error(error);
      return;
    }
    void this.run(this.upstream);
  }

  protected onDemand(n: number): void {
    this.wanted += n;
    const wake = this.wake;
    if (wake !== null) {
      this.wake = null;
      wake();
    }
  }

  protected onRelease(): void | Promise<void> {
    const upstream = this.upstream;
    this.upstream = null;
    this.wake?.();
    return upstream?.subscription.cancel();
  }

  protected inFlight(): number {
    return this.handling ? 1 : 0;
  }

  protected override emit(events: readonly B[]): number {
    const delivered = super.emit(events);
    this.wanted = Math.max(this.wanted - delivered, 0);
    return delivered;
  }

  private async run({ subscription, demand }: Connection<A>): Promise<void> {
    try {
      while (this.running) {
        if (this.wanted === 0) {
          await new Promise<void>((resolve) => (this.wake = resolve));
          continue;
        }
        let batch = subscription.next();
        if (batch !== null && !isBatch(batch)) batch = await batch;
        if (!this.running) return;
        if (batch === null) {
          this.complete();
          return;
        }
        this.received += batch.length;
        // One upstream batch is handled whole, chunk by chunk, even if it overshoots downstream demand.
        for (let from = 0; from < batch.length && this.running; from += demand.chunk) {
          const chunk = (from === 0 && batch.length <= demand.chunk ? batch : batch.slice(from, from + demand.chunk)) as A[];
          this.handling = true;
          let result = this.handleEvents(chunk);
          if (isThenable(result)) result = await result;
          this.handling = false;
          if (!this.running) return;
          this.emitResult(result as Iterable<B> | void);
          const ask = demand.handled(chunk.length);
          if (ask > 0) subscription.ask(ask);
        }
      }
    } catch (error) {
      this.handling = false;
      this.error(error);
    }
  }

  private emitResult(events: Iterable<B> | void): void {
    if (events === undefined || events === null) return;
    if (!isIterable(events)) throw new TypeError(`handleEvents of ${this.name} must return an iterable of events, got ${show(events)}`);
    this.emit(Array.isArray(events) ? events : Array.from(events));
  }
}
