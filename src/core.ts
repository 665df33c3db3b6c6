// The running part of a stage, as a GenStage process: its subscribers, its dispatcher, its buffer,
// and its lifecycle. Stage kinds (producer, from, producerConsumer, …) supply where events come from.
import { Buffer, type BufferKeep } from './buffer.js';
import type { Dispatcher, DispatcherFactory } from './dispatcher.js';
import { demandDispatcher } from './dispatchers/demand.js';
import { StageBase } from './stage.js';
import { StageSubscription, type SubscriptionHost } from './subscription.js';
import type { StageStats, SubscribeOptions, Subscription } from './types.js';

export interface CoreOptions<T> {
  name: string;
  kind: string;
  dispatcher?: DispatcherFactory<T> | undefined;
  bufferSize: number;
  bufferKeep: BufferKeep;
  onDiscard?: ((count: number) => void) | undefined;
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

  constructor(options: CoreOptions<T>) {
    super();
    this.name = options.name;
    this.kind = options.kind;
    this.buffer = new Buffer<T>(options.bufferSize, options.bufferKeep);
    this.onDiscard = options.onDiscard ?? ((count) => reportDiscard(this.name, count));
    this.dispatcherFactory = options.dispatcher ?? demandDispatcher<T>();
    this.dispatcher = this.dispatcherFactory.create({ name: this.name, requestDemand: (n) => this.serve(n) });
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
    if (demand > 0) this.serve(demand);
  }

  cancel(subscription: StageSubscription<T>, _reason: unknown): void | Promise<void> {
    const i = this.subscribers.indexOf(subscription);
    if (i < 0) return;
    this.subscribers.splice(i, 1);
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

  /** Serves `n` events of demand: from the buffer first (oldest first), the rest through `onDemand`. */
  protected serve(n: number): void {
    while (n > 0 && this.buffer.length > 0) {
      const events = this.buffer.take(n);
      const delivered = this.emit(events);
      n -= delivered;
      if (delivered === 0) break;
    }
    if (this.phase === ENDING) this.finishIfDrained();
    else if (n > 0 && this.phase === RUNNING) this.onDemand(n);
  }

  /** Hands events to the dispatcher; what no subscriber can take now is buffered. Returns how many were delivered. */
  protected emit(events: readonly T[]): number {
    const leftovers = this.deliver(events);
    if (leftovers === undefined) return events.length;
    const discarded = this.buffer.push(leftovers);
    if (discarded > 0) this.reportDiscard(discarded);
    return events.length - leftovers.length;
  }

  // Reported after the events that were delivered reached their consumers, as GenStage's log line comes after
  // its dispatch. A throwing onDiscard fails the stage rather than the caller of push().
  private reportDiscard(count: number): void {
    this.discarded += count;
    queueMicrotask(() => {
      try {
        this.onDiscard(count);
      } catch (error) {
        this.error(error);
      }
    });
  }

  /** Dispatches events and returns the leftovers, unbuffered (for lossless writes). */
  protected deliver(events: readonly T[]): readonly T[] | undefined {
    if (events.length === 0 || this.phase >= DONE) return undefined;
    const leftovers = this.dispatcher.dispatch(events);
    this.emitted += events.length - (leftovers?.length ?? 0);
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
    this.buffer.clear(error);
    const subscribers = this.subscribers;
    this.subscribers = [];
    for (const s of subscribers) s.fail(error);
    const released = this.onRelease();
    if (released) released.catch(() => undefined);
  }

  protected release(): void | Promise<void> {
    if (this.phase >= DONE) return;
    this.phase = RELEASED;
    this.buffer.clear(new Error(`genstage ${this.kind} ${this.name} was released: its last subscriber left`));
    return this.onRelease();
  }

  private finishIfDrained(): void {
    if (this.buffer.length > 0 || this.buffer.waiting > 0) return;
    this.phase = DONE;
    const subscribers = this.subscribers;
    this.subscribers = [];
    for (const s of subscribers) s.end();
  }
}

/** GenStage's discard warning, in its words. */
export function reportDiscard(name: string, count: number): void {
  console.warn(`genstage producer ${name} has discarded ${count} events from buffer`);
}
