// The one connection to an upstream stage that every reader uses (consumers, operators, producerConsumer,
// merge, the iterator, the RxJS bridge): it subscribes, asks by GenStage's min/max rule (or leaves asking to
// its owner in manual mode), hands out chunks of at most `maxDemand - minDemand` events, re-asks as they are
// handled, and yields the event loop when the current macrotask has run long enough.
import type { StageBase } from '../stages/stage.js';
import type { SubscribeOptions, Subscription } from '../types.js';
import { DemandCounter, resolveDemand } from './demand.js';
import type { Waiter } from './subscription.js';
import { mustYield, nextTurn, now, turnElapsed, TURN_BUDGET_MS } from './fairness.js';

const EMPTY: readonly never[] = [];

/** A subscription of this library's stages: it can wait for a batch without a promise (see StageSubscription.park). */
interface Parkable<T> {
  park(waiter: Waiter<T>): readonly T[] | null | undefined;
}

function ignore(): void {}

// Work deferred to a microtask by a reaction on a settled promise: Node's queueMicrotask wraps each callback in an
// async resource, which costs more than the reaction.
const SETTLED: Promise<void> = Promise.resolve();

/** A stage's subscription tells whether other subscribers share its stage. */
interface Shared {
  readonly shared?: boolean;
}
/** Batches a reader takes ready in a row before it lets other readers of the same source in. */
const READY_IN_A_ROW = 64;

export type Pulled<T> = readonly T[] | null | Promise<readonly T[] | null>;

export interface UpstreamOptions<T> extends SubscribeOptions<T> {
  /** 'automatic' (default): asks `maxDemand` now and re-asks as chunks are handled. 'manual': the owner asks. */
  mode?: 'automatic' | 'manual';
  /** Ask no more than this many events in all, at first (take(3) on a producer asks 3). */
  limit?: number;
  /** Automatic mode: subscribe now, but make the first ask only when `askFirst()` is called. */
  deferAsk?: boolean;
  /**
   * A consumer at the end of a pipeline: it also lets others in after many ready batches in a row, so that
   * consumers of one synchronous source take turns (stages in between pause with it; they yield on time only).
   */
  takesTurns?: boolean;
  /**
   * Hand out whole batches (as far as `most` allows), not chunks of `maxDemand - minDemand`: for stages that pass
   * events on (merge, operators), where GenStage's handle_events chunking buys nothing and costs a copy.
   */
  whole?: boolean;
}

export class Upstream<T> {
  readonly subscription: Subscription<T>;
  /** The largest chunk `next()` hands out. */
  readonly chunk: number;
  private readonly counter: DemandCounter | null;
  // Manual mode: asks larger than the first are split, as the demand dispatcher expects even demands.
  private largest = 0;
  private readyInARow = 0;
  private readonly takesTurns: boolean;
  private resumedAt = -Infinity;
  private first = 0;
  private batch: readonly T[] = EMPTY;
  private offset = 0;
  // The request waiting for upstream, kept in fields so that waiting allocates nothing per chunk.
  private arrivedTo: (chunk: readonly T[] | null) => void = ignore;
  private failedTo: (error: unknown) => void = ignore;
  private mostOf: (() => number) | undefined = undefined;
  private landed: readonly T[] | null = null;
  private failure: unknown = undefined;

  constructor(source: Pick<StageBase<T>, 'open' | 'subscriptionOptions'>, options: UpstreamOptions<T> = {}) {
    const { mode = 'automatic', limit = Infinity, deferAsk = false, takesTurns = false, whole = false, ...subscribe } = options;
    this.takesTurns = takesTurns;
    // A subscribe() view brings its own demand options.
    const demand = resolveDemand(source.subscriptionOptions(subscribe));
    this.subscription = source.open(subscribe);
    if (mode === 'manual') {
      this.counter = null;
      this.chunk = Infinity;
      return;
    }
    this.counter = new DemandCounter(demand.maxDemand, demand.minDemand);
    this.chunk = whole ? Infinity : demand.maxDemand - demand.minDemand;
    this.first = Math.min(demand.maxDemand, limit);
    this.counter.outstanding = this.first;
    if (!deferAsk) this.askFirst();
  }

  /** The first ask of automatic mode, when it was deferred. */
  askFirst(): void {
    const first = this.first;
    this.first = 0;
    if (first > 0) this.subscription.ask(first);
  }

  /** Events received and not handed out yet. */
  get held(): number {
    return this.batch.length - this.offset;
  }

  /** The next chunk: an array when one is ready now, a promise otherwise, null once upstream is done. Throws its error. */
  next(): Pulled<T> {
    if (this.offset < this.batch.length) return this.cut();
    const next = this.subscription.next();
    if (next === null) return null;
    if (Array.isArray(next)) return this.take(next as readonly T[]);
    return (next as Promise<readonly T[] | null>).then(this.arrived);
  }

  /**
   * As `next()`, but a chunk that is not ready now goes to `arrived` (or the error to `failed`) one microtask after
   * upstream delivered it, and `undefined` is returned: the pump's path, with no promise of its own in between.
   */
  request(
    arrived: (chunk: readonly T[] | null) => void,
    failed: (error: unknown) => void,
    most?: () => number,
  ): readonly T[] | null | undefined {
    if (this.offset < this.batch.length) return this.cut(most?.());
    const subscription = this.subscription as Subscription<T> & Partial<Parkable<T>>;
    const next = subscription.park === undefined ? subscription.next() : subscription.park(this.waiter);
    if (next === null) return null;
    if (Array.isArray(next)) {
      this.batch = next as readonly T[];
      this.offset = 0;
      const pause = this.pause();
      if (pause === undefined) return this.cut(most?.());
      pause.then(() => arrived(this.cut(most?.())), failed);
      return undefined;
    }
    this.readyInARow = 0;
    this.arrivedTo = arrived;
    this.failedTo = failed;
    this.mostOf = most;
    if (next !== undefined) (next as Promise<readonly T[] | null>).then(this.land, failed);
    return undefined;
  }

  private readonly land = (batch: readonly T[] | null): void => {
    if (batch === null) return this.arrivedTo(null);
    this.batch = batch;
    this.offset = 0;
    if (!mustYield(this.resumedAt)) return this.arrivedTo(this.cut(this.mostOf?.()));
    const arrived = this.arrivedTo;
    const most = this.mostOf;
    this.nextTurn().then(() => arrived(this.cut(most?.())), this.failedTo);
  };

  // Told at once by the subscription; the work is deferred to a microtask, as the next() promise's reaction was.
  private readonly waiter: Waiter<T> = {
    resolve: (batch) => {
      this.landed = batch;
      SETTLED.then(this.landLater);
    },
    reject: (error) => {
      this.failure = error;
      SETTLED.then(this.failLater);
    },
  };

  private readonly landLater = (): void => {
    const batch = this.landed;
    this.landed = null;
    this.land(batch);
  };

  private readonly failLater = (): void => {
    const error = this.failure;
    this.failure = undefined;
    this.failedTo(error);
  };

  /** `count` events of the chunks handed out were handled: re-ask per the min/max rule, asking at most `limit` more in all. */
  handled(count: number, limit = Infinity): void {
    const counter = this.counter;
    if (counter === null) return;
    const ask = counter.handled(count);
    if (ask === 0) return;
    if (limit === Infinity) {
      this.subscription.ask(ask);
      return;
    }
    const outstanding = counter.max - ask;
    const capped = Math.min(ask, Math.max(limit - outstanding, 0));
    counter.outstanding = outstanding + capped;
    if (capped > 0) this.subscription.ask(capped);
  }

  /** Manual mode: asks `n` more, in asks no larger than the first one. */
  ask(n: number): void {
    if (n <= 0) return;
    if (this.largest === 0) this.largest = n;
    for (let left = n; left > 0; left -= this.largest) this.subscription.ask(Math.min(left, this.largest));
  }

  /** Leaves upstream; resolves once it was released. */
  cancel(reason?: unknown): void | Promise<void> {
    this.batch = EMPTY;
    this.offset = 0;
    return this.subscription.cancel(reason);
  }

  private readonly arrived = (batch: readonly T[] | null): Pulled<T> => (batch === null ? null : this.take(batch));

  // Time to let others in. A consumer sharing its stage with others takes turns mostly by count, 16 to 64 ready
  // batches each, so that their shares stay even on a loaded machine (each turn is a macrotask: timers get in
  // too). Any other reader yields once this macrotask ran longer than the budget.
  private pause(): Promise<void> | undefined {
    if (this.takesTurns && (this.subscription as Shared).shared === true) {
      const taken = ++this.readyInARow;
      // Slow handlers still let timers in: past a quarter of its turn, the budget applies too.
      if (taken < READY_IN_A_ROW && (taken < READY_IN_A_ROW / 4 || turnElapsed(this.resumedAt) <= TURN_BUDGET_MS)) {
        return undefined;
      }
      this.readyInARow = 0;
      return this.nextTurn();
    }
    if (turnElapsed(this.resumedAt) > TURN_BUDGET_MS) {
      this.readyInARow = 0;
      return this.nextTurn();
    }
    return undefined;
  }

  /** A later macrotask, noting when this reader resumed. */
  private nextTurn(): Promise<void> {
    return nextTurn().then(() => {
      this.resumedAt = now();
    });
  }

  private take(batch: readonly T[]): Pulled<T> {
    this.batch = batch;
    this.offset = 0;
    const pause = this.pause();
    if (pause === undefined) return this.cut();
    return pause.then(() => this.cut());
  }

  private cut(most = Infinity): readonly T[] {
    const { batch, offset } = this;
    const end = Math.min(offset + Math.min(this.chunk, Math.max(most, 1)), batch.length);
    if (end === batch.length) {
      this.batch = EMPTY;
      this.offset = 0;
    } else {
      this.offset = end;
    }
    return offset === 0 && end === batch.length ? batch : batch.slice(offset, end);
  }
}
