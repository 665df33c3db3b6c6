// The dispatcher behaviour (GenStage.Dispatcher): who among a stage's subscribers receives which events.
// A stage calls these four functions; one short module per policy implements them (see ./dispatchers/).
import type { SubscribeOptions } from '../types.js';

/** One subscriber, as a dispatcher sees it. */
export interface DispatchTarget<T> {
  /** Unique within the stage, increasing in subscription order. */
  readonly id: number;
  readonly options: Readonly<SubscribeOptions<T>>;
  /** Hands a non-empty batch to this subscriber. */
  deliver(events: readonly T[]): void;
}

/** What a dispatcher can ask of its stage. */
export interface DispatcherContext {
  /** The stage's name, for messages. */
  readonly name: string;
  /** Asks the stage for `n` more events to dispatch (a broadcast subscriber whose selector rejected events). */
  requestDemand(n: number): void;
  /** The most events the dispatcher may hold itself (partition queues): the stage's `bufferSize`. */
  readonly bufferSize?: number;
}

/**
 * A dispatch policy's state for one stage. Each function returns the demand the stage must satisfy
 * (serve from its buffer, then ask its upstream or `handleDemand`), as GenStage's callbacks do.
 */
export interface Dispatcher<T> {
  /** A subscriber joined; may throw for options it cannot serve (a taken partition). */
  subscribe(target: DispatchTarget<T>): number;
  /** A subscriber left. */
  cancel(target: DispatchTarget<T>): number;
  /** A subscriber asked for `n` more events. */
  ask(n: number, target: DispatchTarget<T>): number;
  /**
   * Delivers what it can of `events`; returns the leftovers, which the stage buffers. Leftovers of events
   * the stage took from its buffer go back to the front of it and count as served: the dispatcher grants
   * their demand again once it can take them. May throw (a user's selector or hash): the stage fails.
   */
  dispatch(events: readonly T[]): readonly T[] | undefined;
  /**
   * Events its subscribers could take right now (the demand dispatcher: the sum of their demands; broadcast: the
   * smallest; partition: the sum over subscribed partitions). This is the stage's demand ledger: a subscriber that
   * leaves takes its demand out of it at once, so a stage never makes events for demand that no longer exists.
   */
  demand(): number;
  /**
   * The next demand given back by a past dispatch (broadcast: events a selector rejected give their subscriber its
   * demand back), applied only now and returned as that one ask's result; `undefined` when none is left. The stage
   * takes them one at a time once the operation that dispatched is over, as GenStage handles its self-sent asks.
   */
  takeCredit?(): number | undefined;
  /** `count` new events were queued behind held ones without a dispatch: they count as its leftovers. */
  queued?(count: number): void;
  /** Events the dispatcher holds for its subscribers (partition queues): the stage ends only once they are delivered. */
  buffered?(): number;
  /** Events it holds for this subscriber: one with none is done once its stage has ended and holds nothing else. */
  holds?(target: DispatchTarget<T>): number;
}

/** A stage option: `dispatcher: demandDispatcher()`. Each stage makes its own state with `create`. */
export interface DispatcherFactory<T = any> {
  readonly kind: string;
  create(context: DispatcherContext): Dispatcher<T>;
  /** Checks a subscription's options when the subscriber is built, before anything flows. */
  validate?(options: SubscribeOptions<T>): void;
}

export function isDispatcherFactory(value: unknown): value is DispatcherFactory {
  return (
    value != null &&
    typeof (value as DispatcherFactory).create === 'function' &&
    typeof (value as DispatcherFactory).kind === 'string'
  );
}
