// The running part of a stage, as a GenStage process: its subscribers, its dispatcher, its buffer,
// and its lifecycle. Stage kinds (producer, from, producerConsumer, …) supply where events come from.
import { Buffer, type BufferKeep } from './buffer.js';
import type { Dispatcher, DispatcherFactory } from './dispatcher.js';
import { demandDispatcher } from './dispatchers/demand.js';
import { StageBase, type StageInput } from './stage.js';
import { StageSubscription, type SubscriptionHost } from './subscription.js';
import type { TraceBody, TraceEvent, Tracer } from './trace.js';
import type { StageStats, SubscribeOptions, Subscription } from './types.js';

export interface CoreOptions<T> {
  name: string;
  kind: string;
  dispatcher?: DispatcherFactory<T> | undefined;
  bufferSize: number;
  bufferKeep: BufferKeep;
  onDiscard?: ((count: number) => void) | undefined;
  /** The stages this one reads from, for stats, diagrams and start()/stop(). */
  inputs?: readonly StageInput[];
  /** Receives this stage's trace events. */
  trace?: Tracer | undefined;
  /** Bound of the dispatcher's own queues when it differs from `bufferSize` (default: `bufferSize`). */
  dispatcherBufferSize?: number | undefined;
}

const IDLE = 0; // no subscriber yet
const RUNNING = 1;
const ENDING = 2; // upstream finished; the buffer is still being delivered
const DONE = 3;
const FAILED = 4;
const RELEASED = 5; // the last subscriber left and upstream was released

export abstract class CoreStage<T> extends StageBase<T> implements SubscriptionHost<T> {
  readonly name: string;
  readonly kind: string;
  protected readonly buffer: Buffer<T>;
  protected received = 0;
  private emitted = 0;
  private discarded = 0;
  private readonly dispatcherFactory: DispatcherFactory<T>;
  private readonly dispatcher: Dispatcher<T>;
  private readonly onDiscard: (count: number) => void;
  private subscribers: StageSubscription<T>[] = [];
  private phase = IDLE;
  private failure: unknown;
  private nextId = 1;
  private readonly inputList: readonly StageInput[];
  private tracer: Tracer | undefined;

  constructor(options: CoreOptions<T>) {
    super();
    this.inputList = options.inputs ?? [];
    this.tracer = options.trace;
    this.name = options.name;
    this.kind = options.kind;
    this.buffer = new Buffer<T>(options.bufferSize, options.bufferKeep);
    this.onDiscard = options.onDiscard ?? ((count) => reportDiscard(this.name, count));
    this.dispatcherFactory = options.dispatcher ?? demandDispatcher<T>();
    this.dispatcher = this.dispatcherFactory.create({
      name: this.name,
      requestDemand: (n) => this.serve(n),
      bufferSize: options.dispatcherBufferSize ?? options.bufferSize,
    });
  }

  /** The first subscriber arrived. */
  protected onStart(): void {}

  /** Subscribers want `n` events that the buffer could not serve. */
  protected abstract onDemand(n: number): void;

  /** Release upstream: the last subscriber left or the stage failed. Runs at most once. */
  protected onRelease(): void | Promise<void> {}

  /** The last subscriber left: release upstream. A producer overrides this to stay up. */
  protected onIdle(): void | Promise<void> {
    return this.release();
  }

  /** Graceful stop of a source stage (start()'s stop()): take no new events, deliver what is held, then end. */
  protected onDrain(): void {
    this.complete();
  }

  /** Handlers or workers running now, for stats. */
  protected inFlight(): number {
    return 0;
  }

  protected restarts(): number {
    return 0;
  }

  protected get running(): boolean {
    return this.phase === RUNNING;
  }

  /** Still accepting events: not done, failed or released. */
  protected get live(): boolean {
    return this.phase < DONE;
  }

  override inputs(): readonly StageInput[] {
    return this.inputList;
  }

  override drain(): void {
    if (this.phase <= RUNNING) this.onDrain();
  }

  /** Sends this stage's trace events to `tracer`, unless it has its own (`replace` forces it). */
  override setTracer(tracer: Tracer | undefined, replace = false): void {
    if (replace || this.tracer === undefined) this.tracer = tracer;
  }

  /** Reports `body` (a fresh object literal of the caller's) to the tracer, with this stage's name and kind. */
  protected trace(body: TraceBody): void {
    const tracer = this.tracer;
    if (tracer === undefined) return;
    // Completing the caller's literal in place: spreading bodies of several shapes into a new object is a
    // megamorphic copy that cost a third of a traced pipeline's time.
    const event = body as TraceEvent;
    event.stage = this.name;
    event.kind = this.kind;
    try {
      tracer(event);
    } catch (error) {
      // A tracer must not break the pipeline it watches.
      console.error(error);
    }
  }

  validateSubscription(options: SubscribeOptions<T>): void {
    this.dispatcherFactory.validate?.(options);
  }

  open(options: SubscribeOptions<T>): Subscription<T> {
    const subscription = new StageSubscription<T>(this, options, this.nextId++);
    if (!subscription.open) return subscription;
    if (this.phase === FAILED) subscription.fail(this.failure);
    else if (this.phase >= DONE) subscription.end();
    else {
      const demand = this.dispatcher.subscribe(subscription);
      this.subscribers.push(subscription);
      if (this.phase === IDLE) {
        this.phase = RUNNING;
        this.onStart();
      }
      if (demand > 0) this.serve(demand);
    }
    return subscription;
  }

  ask(subscription: StageSubscription<T>, n: number): void {
    if (this.phase >= DONE) return;
    const demand = this.dispatcher.ask(n, subscription);
    const forwarded = demand > 0 ? this.serve(demand) : 0;
    // The ask may have drained events the dispatcher held (a partition queue), which an ending stage waits for.
    if (demand === 0 && this.phase === ENDING) this.finishIfDrained();
    if (this.tracer !== undefined) this.trace({ type: 'demand', subscriber: subscription.id, n, forwarded });
  }

  cancel(subscription: StageSubscription<T>, reason: unknown): void | Promise<void> {
    const i = this.subscribers.indexOf(subscription);
    if (i < 0) return;
    this.subscribers.splice(i, 1);
    if (this.tracer !== undefined) this.trace({ type: 'cancel', subscriber: subscription.id, reason });
    const demand = this.dispatcher.cancel(subscription);
    if (this.subscribers.length === 0) return this.onIdle();
    if (demand > 0) this.serve(demand);
  }

  stats(): StageStats {
    let demand = 0;
    for (const s of this.subscribers) demand += Math.max(s.asked - s.delivered, 0);
    return {
      name: this.name,
      kind: this.kind,
      subscribers: this.subscribers.length,
      demand,
      buffered: this.buffer.length,
      inFlight: this.inFlight(),
      received: this.received,
      emitted: this.emitted,
      discarded: this.discarded,
      restarts: this.restarts(),
    };
  }

  /**
   * Serves `n` events of demand: from the buffer first (oldest first), the rest through `onDemand`.
   * Returns the demand passed on to `onDemand`.
   */
  protected serve(n: number): number {
    while (n > 0 && this.buffer.length > 0) {
      const events = this.buffer.take(n);
      n -= events.length;
      const leftovers = this.deliver(events);
      // Events the dispatcher hands back (a full partition queue) stay first in line, never lost or reordered.
      if (leftovers !== undefined) {
        this.buffer.restore(leftovers);
        break;
      }
    }
    if (this.phase === ENDING) this.finishIfDrained();
    else if (n > 0 && this.phase === RUNNING) {
      this.onDemand(n);
      return n;
    }
    return 0;
  }

  /** Hands events to the dispatcher; what no subscriber can take now is buffered. Returns how many were delivered. */
  protected emit(events: readonly T[]): number {
    const leftovers = this.deliverNew(events);
    if (leftovers === undefined) return events.length;
    const discarded = this.buffer.push(leftovers);
    if (discarded > 0) this.reportDiscard(discarded);
    return events.length - leftovers.length;
  }

  // Reported after the events that were delivered reached their consumers, as GenStage's log line comes after
  // its dispatch. A throwing onDiscard fails the stage rather than the caller of push().
  private reportDiscard(count: number): void {
    this.discarded += count;
    if (this.tracer !== undefined) this.trace({ type: 'discard', count });
    queueMicrotask(() => {
      try {
        this.onDiscard(count);
      } catch (error) {
        this.error(error);
      }
    });
  }

  /**
   * Dispatches newly produced events, unless older ones still wait in the buffer (for a partition that is
   * full, say): then they queue behind them, so no subscriber ever sees events out of order.
   */
  protected deliverNew(events: readonly T[]): readonly T[] | undefined {
    if (this.buffer.length === 0 && this.buffer.waiting === 0) return this.deliver(events);
    return this.live && events.length > 0 ? events : undefined;
  }

  /** Dispatches events and returns the leftovers, unbuffered (for lossless writes). */
  protected deliver(events: readonly T[]): readonly T[] | undefined {
    if (events.length === 0 || this.phase >= DONE) return undefined;
    let leftovers: readonly T[] | undefined;
    try {
      leftovers = this.dispatcher.dispatch(events);
    } catch (error) {
      // A user's selector or hash threw: the stage fails with that error, as GenStage's producer crashes.
      this.error(error);
      return undefined;
    }
    const delivered = events.length - (leftovers?.length ?? 0);
    this.emitted += delivered;
    if (this.tracer !== undefined && delivered > 0) this.trace({ type: 'events', count: delivered });
    return leftovers;
  }

  /** Upstream is finished: the stage ends once its buffer is delivered. */
  protected complete(): void {
    if (this.phase > RUNNING) return;
    this.phase = ENDING;
    this.finishIfDrained();
  }

  /** The stage fails: every subscriber gets `error` after the events already delivered to it. */
  protected error(error: unknown): void {
    if (this.phase >= DONE) return;
    this.phase = FAILED;
    this.failure = error;
    if (this.tracer !== undefined) this.trace({ type: 'error', error });
    this.buffer.clear(error);
    const subscribers = this.subscribers;
    this.subscribers = [];
    for (const s of subscribers) s.fail(error);
    const released = this.releaseUpstream();
    if (released) released.catch(() => undefined);
  }

  protected release(): void | Promise<void> {
    if (this.phase >= DONE) return;
    this.phase = RELEASED;
    this.buffer.clear(new Error(`genstage ${this.kind} ${this.name} was released: its last subscriber left`));
    return this.releaseUpstream();
  }

  // A release that throws (an iterator's return(), an observable's teardown) rejects instead: error() runs in
  // catch blocks and cancel() in consumers' error paths, which must not lose the error they are handling.
  private releaseUpstream(): void | Promise<void> {
    try {
      return this.onRelease();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private finishIfDrained(): void {
    if (this.buffer.length > 0 || this.buffer.waiting > 0 || (this.dispatcher.buffered?.() ?? 0) > 0) return;
    this.phase = DONE;
    if (this.tracer !== undefined) this.trace({ type: 'done' });
    const subscribers = this.subscribers;
    this.subscribers = [];
    for (const s of subscribers) s.end();
  }
}

/** GenStage's discard warning, in its words. */
export function reportDiscard(name: string, count: number): void {
  console.warn(`genstage producer ${name} has discarded ${count} events from buffer`);
}
