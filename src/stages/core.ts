// The running part of a stage, as a GenStage process: its subscribers, its dispatcher (which is also its demand
// ledger), its buffer and its lifecycle. Stage kinds supply where events come from through the hooks of
// hooks.ts, as GenStage's callbacks do; the machinery here is private.
import type { Dispatcher, DispatcherFactory } from '../dispatchers/dispatcher.js';
import { demandDispatcher } from '../dispatchers/demand.js';
import type { BufferKeep } from '../protocol/ring-buffer.js';
import { StageSubscription, type SubscriptionHost } from '../protocol/subscription.js';
import type { TraceBody, TraceEvent, Tracer } from '../observation/trace.js';
import type { StageStats, SubscribeOptions, Subscription } from '../types.js';
import { Outbox } from './outbox.js';
import { StageHooks } from './hooks.js';
import type { StageInput } from './stage.js';

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
const ENDING = 2; // upstream finished; what is held is still being delivered
const FAILING = 3; // failed; what was made before the error is still being delivered, then the error
const DONE = 4;
const FAILED = 5;
const RELEASED = 6; // the last subscriber left and upstream was released

export abstract class CoreStage<T> extends StageHooks<T> implements SubscriptionHost<T> {
  readonly name: string;
  readonly kind: string;
  protected received = 0;
  emitted = 0;
  private discarded = 0;
  private readonly outbox: Outbox<T>;
  private readonly dispatcherFactory: DispatcherFactory<T>;
  private readonly dispatcher: Dispatcher<T>;
  private readonly onDiscard: (count: number) => void;
  private subscribers: StageSubscription<T>[] = [];
  private phase = IDLE;
  private failure: unknown;
  // An upstream release still settling: subscribers learn of a failure only once it is done.
  private releasing = false;
  private nextId = 1;
  private readonly inputList: readonly StageInput[];
  private tracer: Tracer | undefined;

  constructor(options: CoreOptions<T>) {
    super();
    this.inputList = options.inputs ?? [];
    this.tracer = options.trace;
    this.name = options.name;
    this.kind = options.kind;
    this.onDiscard = options.onDiscard ?? ((count) => reportDiscard(this.name, count));
    this.dispatcherFactory = options.dispatcher ?? demandDispatcher<T>();
    this.dispatcher = this.dispatcherFactory.create({
      name: this.name,
      requestDemand: (n) => this.demanded(n),
      bufferSize: options.dispatcherBufferSize ?? options.bufferSize,
    });
    this.outbox = new Outbox<T>(options.bufferSize, options.bufferKeep, this.dispatcher, {
      placed: (count) => {
        if (this.tracer !== undefined) this.trace({ type: 'events', count });
        this.onDelivered(count);
      },
      discarded: (count) => this.reportDiscard(count),
      crashed: (error) => this.crashNow(error),
      credited: (n) => this.demanded(n),
    });
  }

  // ---- What stage kinds may use -----------------------------------------------------------------------------

  protected get running(): boolean {
    return this.phase === RUNNING;
  }

  /** Still accepting events: running, or ending with what it holds. */
  protected get live(): boolean {
    return this.phase <= ENDING;
  }

  /** Events the subscribers could take now beyond what this stage holds: how many more to make. */
  protected get wanted(): number {
    if (this.phase !== RUNNING || this.outbox.held > 0) return 0;
    return this.dispatcher.demand();
  }

  /** Events held in the buffer. */
  protected get buffered(): number {
    return this.outbox.length;
  }

  /** Hands new events to the subscribers; what no subscriber can take now is buffered. Returns how many went out. */
  protected emit(events: readonly T[]): number {
    if (events.length === 0 || !this.live) return 0;
    const served = this.outbox.emit(events);
    if (this.phase === ENDING || this.phase === FAILING) this.finishIfDrained();
    return served;
  }

  /** Emits without losing any: resolves once every event was delivered or taken into the buffer. */
  protected emitLossless(events: readonly T[]): Promise<void> | undefined {
    if (!this.live) return undefined;
    return this.outbox.emitLossless(events);
  }

  /** Upstream is finished: the stage ends once what it holds is delivered. */
  protected complete(): void {
    if (this.phase > RUNNING) return;
    this.phase = ENDING;
    this.finishIfDrained();
  }

  /**
   * The stage fails: it makes nothing more and releases upstream at once; its subscribers get what it made before
   * (as far as their demand goes), then `error`, the same object, once upstream was released.
   */
  protected error(error: unknown): void {
    if (this.phase >= FAILING) return;
    this.phase = FAILING;
    this.failure = error;
    if (this.tracer !== undefined) this.trace({ type: 'error', error });
    this.outbox.rejectWriters(error);
    const released = this.releaseUpstream();
    if (released) {
      this.releasing = true;
      const done = () => {
        this.releasing = false;
        this.finishIfDrained();
      };
      released.then(done, done);
    }
    this.finishIfDrained();
  }

  /** Drops what the buffer holds and rejects waiting writers (a stop that does not drain). */
  protected abandon(reason: unknown): void {
    this.outbox.rejectWriters(reason);
  }

  protected release(): void | Promise<void> {
    if (this.phase >= DONE) return;
    this.phase = RELEASED;
    this.outbox.clear(new Error(`genstage ${this.kind} ${this.name} was released: its last subscriber left`));
    return this.releaseUpstream();
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

  // ---- The subscription protocol ----------------------------------------------------------------------------

  get subscriberCount(): number {
    return this.subscribers.length;
  }

  override inputs(): readonly StageInput[] {
    return this.inputList;
  }

  override drain(graceful = true): void {
    if (!graceful) {
      this.abandon(new Error(`genstage ${this.kind} ${this.name} was stopped with stop({ drain: false }): events written to it and not yet taken were not delivered`));
    }
    if (this.phase <= RUNNING) this.onDrain();
  }

  /** Sends this stage's trace events to `tracer`, unless it has its own (`replace` forces it). */
  override setTracer(tracer: Tracer | undefined, replace = false): void {
    if (replace || this.tracer === undefined) this.tracer = tracer;
  }

  validateSubscription(options: SubscribeOptions<T>): void {
    this.dispatcherFactory.validate?.(options);
  }

  open(options: SubscribeOptions<T>): Subscription<T> {
    const subscription = new StageSubscription<T>(this, options, this.nextId++);
    if (!subscription.open) return subscription;
    if (this.phase === RELEASED) {
      if (this.reopen()) this.phase = IDLE;
      else {
        subscription.fail(new Error(`genstage ${this.kind} ${this.name} was released when its last subscriber left and cannot go on: what it read from was closed (build the pipeline again, or keep a subscriber while it runs)`));
        return subscription;
      }
    }
    if (this.phase === FAILED) subscription.fail(this.failure);
    else if (this.phase >= DONE) subscription.end();
    else {
      let demand: number;
      try {
        demand = this.dispatcher.subscribe(subscription);
      } catch (error) {
        subscription.dispose();
        throw error;
      }
      subscription.activate();
      this.subscribers.push(subscription);
      if (this.phase === IDLE) {
        this.phase = RUNNING;
        this.onStart();
      }
      this.demanded(demand);
    }
    return subscription;
  }

  ask(subscription: StageSubscription<T>, n: number): void {
    if (this.phase >= DONE) return;
    this.demanded(this.dispatcher.ask(n, subscription), subscription.id, n);
  }

  cancel(subscription: StageSubscription<T>, reason: unknown): void | Promise<void> {
    const i = this.subscribers.indexOf(subscription);
    if (i < 0) return;
    this.subscribers.splice(i, 1);
    if (this.tracer !== undefined) this.trace({ type: 'cancel', subscriber: subscription.id, reason });
    const demand = this.dispatcher.cancel(subscription);
    if (this.subscribers.length === 0 && this.phase < DONE) {
      // A producer outlives its subscribers: the demand given back still reaches handleDemand, as in GenStage.
      if (demand > 0) this.demanded(demand);
      return this.onIdle();
    }
    this.demanded(demand);
  }

  stats(): StageStats {
    let demand = 0;
    for (const s of this.subscribers) demand += Math.max(s.asked - s.delivered, 0);
    return {
      name: this.name,
      kind: this.kind,
      subscribers: this.subscribers.length,
      demand,
      buffered: this.outbox.length,
      inFlight: this.inFlight(),
      received: this.received,
      emitted: this.emitted,
      discarded: this.discarded,
      restarts: this.restarts(),
    };
  }

  // ---- Machinery --------------------------------------------------------------------------------------------

  /**
   * The ledger grew by `n` events the dispatcher passes on (or changed shape): held events go out first, as far as
   * subscribers can take them, then the rest is asked of the stage kind.
   */
  private demanded(n: number, subscriber?: number, asked?: number): void {
    // As GenStage's take_from_buffer: the demand passed on takes that many held events first (a partition
    // dispatcher queues those its subscribers cannot take now); then held events go out as far as anyone can take.
    const served = this.outbox.take(n) + this.serveHeld();
    const forwarded = this.phase === RUNNING && n > served ? n - served : 0;
    if (this.tracer !== undefined && subscriber !== undefined) {
      this.trace({ type: 'demand', subscriber, n: asked!, forwarded });
    }
    if (this.phase === RUNNING) {
      if (forwarded > 0) this.onDemand(forwarded);
      this.onDemandChange();
    } else {
      this.finishIfDrained();
    }
    // Demand the dispatches above gave back comes after this ask's own, as GenStage's self-sent asks.
    this.outbox.settle();
  }

  /** Held events go out as far as subscribers can take them; an ending stage may then be done. */
  private serveHeld(): number {
    const served = this.outbox.flush();
    if (this.phase === ENDING || this.phase === FAILING) this.finishIfDrained();
    return served;
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

  /** Fails at once, dropping what is held: for a dispatcher that cannot place events any more. */
  private crashNow(error: unknown): void {
    if (this.phase >= DONE) return;
    const wasFailing = this.phase === FAILING;
    this.outbox.clear(error);
    if (!wasFailing) this.error(error);
    else this.failure = error;
    this.finishIfDrained(true);
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

  /** An ending or failing stage finishes once it holds nothing; subscribers owed nothing more finish earlier. */
  private finishIfDrained(force = false): void {
    if (this.phase !== ENDING && this.phase !== FAILING) return;
    if (this.releasing && !force) return;
    const held = force ? 0 : this.outbox.holding;
    if (held > 0) {
      // Partition queues: a subscriber whose queue is empty gets nothing more once the stage's own buffer is empty.
      if (this.outbox.held === 0 && this.dispatcher.holds !== undefined) this.finishIdleSubscribers();
      return;
    }
    const failed = this.phase === FAILING;
    this.phase = failed ? FAILED : DONE;
    this.outbox.closed = true;
    if (!failed && this.tracer !== undefined) this.trace({ type: 'done' });
    // Emptied in place, not replaced: a field the engine saw constant, changed when the first pipeline ended,
    // deoptimized every function that had read it.
    const subscribers = this.subscribers.splice(0);
    for (const s of subscribers) {
      if (failed) s.fail(this.failure);
      else s.end();
    }
  }

  private finishIdleSubscribers(): void {
    const keep: StageSubscription<T>[] = [];
    for (const s of this.subscribers) {
      if (this.dispatcher.holds!(s) > 0) {
        keep.push(s);
        continue;
      }
      // Its partition is free again for a later subscriber, who gets what arrives for it meanwhile.
      this.dispatcher.cancel(s);
      if (this.phase === FAILING) s.fail(this.failure);
      else s.end();
    }
    this.subscribers = keep;
  }
}

/** GenStage's discard warning, in its words. */
export function reportDiscard(name: string, count: number): void {
  console.warn(`genstage producer ${name} has discarded ${count} events from buffer`);
}
