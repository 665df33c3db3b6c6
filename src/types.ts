/** Anything genstage can read from: arrays, generators, async generators, Node streams, stages. */
export type Source<T> = Iterable<T> | AsyncIterable<T>;

/** A pipeline step: takes a source, returns the stage that serves its output (RxJS's `OperatorFunction`). */
export type Operator<A, B> = (source: Source<A>) => Stage<B>;

/** GenStage's subscription demand: `maxDemand` (default 1000) and `minDemand` (default `floor(maxDemand / 2)`). */
export interface DemandOptions {
  maxDemand?: number;
  minDemand?: number;
}

/** Options of one subscription to a stage (GenStage's `subscribe_to` entry). */
export interface SubscribeOptions<T = unknown> extends DemandOptions {
  /** Broadcast dispatcher: receive only the events this returns true for. */
  selector?: (event: T) => boolean;
  /** Partition dispatcher: the partition this subscriber consumes. */
  partition?: PropertyKey;
  /** Aborting it cancels the subscription; the consumer rejects with `signal.reason`. */
  signal?: AbortSignal;
}

/**
 * The batch demand protocol: one consumer's link to a stage, a credit counter.
 * A stage never delivers more events than it was granted and never an empty batch.
 */
export interface Subscription<T> {
  /** Grant `n` more events of credit (GenStage's `ask`). */
  ask(n: number): void;
  /** The next batch (1..credit events), synchronously when one is buffered; `null` once the stage is done. */
  next(): Promise<readonly T[] | null> | readonly T[] | null;
  /** Leave the stage, like `iterator.return()`: resolves once upstream was released. */
  cancel(reason?: unknown): void | Promise<void>;
}

/** Counters of one stage, cheap enough to read at any time (GenStage's `estimate_buffered_count` and more). */
export interface StageStats {
  name: string;
  kind: string;
  /** Subscriptions currently open on this stage. */
  subscribers: number;
  /** Events asked by subscribers and not delivered yet. */
  demand: number;
  /** Events held in the stage's buffer, waiting for demand. */
  buffered: number;
  /** Handlers or workers running now. */
  inFlight: number;
  /** Events taken from upstream. */
  received: number;
  /** Events delivered to subscribers. */
  emitted: number;
  /** Events dropped by the buffer's `bufferKeep` rule. */
  discarded: number;
  /** Worker restarts (consumerSupervisor). */
  restarts: number;
}

/** A stage of a pipeline: like a GenStage process, it starts on its first subscription and serves them all. */
export interface Stage<T> extends AsyncIterable<T> {
  readonly name: string;
  /** What kind of stage this is: `producer`, `producerConsumer`, `from`, … */
  readonly kind: string;
  pipe(): Stage<T>;
  pipe<A>(op1: Operator<T, A>): Stage<A>;
  pipe<A, B>(op1: Operator<T, A>, op2: Operator<A, B>): Stage<B>;
  pipe<A, B, C>(op1: Operator<T, A>, op2: Operator<A, B>, op3: Operator<B, C>): Stage<C>;
  pipe<A, B, C, D>(op1: Operator<T, A>, op2: Operator<A, B>, op3: Operator<B, C>, op4: Operator<C, D>): Stage<D>;
  pipe<A, B, C, D, E>(op1: Operator<T, A>, op2: Operator<A, B>, op3: Operator<B, C>, op4: Operator<C, D>, op5: Operator<D, E>): Stage<E>;
  pipe<A, B, C, D, E, F>(op1: Operator<T, A>, op2: Operator<A, B>, op3: Operator<B, C>, op4: Operator<C, D>, op5: Operator<D, E>, op6: Operator<E, F>): Stage<F>;
  pipe<A, B, C, D, E, F, G>(op1: Operator<T, A>, op2: Operator<A, B>, op3: Operator<B, C>, op4: Operator<C, D>, op5: Operator<D, E>, op6: Operator<E, F>, op7: Operator<F, G>): Stage<G>;
  pipe<A, B, C, D, E, F, G, H>(op1: Operator<T, A>, op2: Operator<A, B>, op3: Operator<B, C>, op4: Operator<C, D>, op5: Operator<D, E>, op6: Operator<E, F>, op7: Operator<F, G>, op8: Operator<G, H>): Stage<H>;
  pipe<A, B, C, D, E, F, G, H, I>(op1: Operator<T, A>, op2: Operator<A, B>, op3: Operator<B, C>, op4: Operator<C, D>, op5: Operator<D, E>, op6: Operator<E, F>, op7: Operator<F, G>, op8: Operator<G, H>, op9: Operator<H, I>): Stage<I>;
  pipe<A, B, C, D, E, F, G, H, I, J>(op1: Operator<T, A>, op2: Operator<A, B>, op3: Operator<B, C>, op4: Operator<C, D>, op5: Operator<D, E>, op6: Operator<E, F>, op7: Operator<F, G>, op8: Operator<G, H>, op9: Operator<H, I>, op10: Operator<I, J>): Stage<J>;
  pipe<A, B, C, D, E, F, G, H, I, J, K>(op1: Operator<T, A>, op2: Operator<A, B>, op3: Operator<B, C>, op4: Operator<C, D>, op5: Operator<D, E>, op6: Operator<E, F>, op7: Operator<F, G>, op8: Operator<G, H>, op9: Operator<H, I>, op10: Operator<I, J>, op11: Operator<J, K>): Stage<K>;
  pipe<A, B, C, D, E, F, G, H, I, J, K, L>(op1: Operator<T, A>, op2: Operator<A, B>, op3: Operator<B, C>, op4: Operator<C, D>, op5: Operator<D, E>, op6: Operator<E, F>, op7: Operator<F, G>, op8: Operator<G, H>, op9: Operator<H, I>, op10: Operator<I, J>, op11: Operator<J, K>, op12: Operator<K, L>): Stage<L>;
  pipe<A, B, C, D, E, F, G, H, I, J, K, L, M>(op1: Operator<T, A>, op2: Operator<A, B>, op3: Operator<B, C>, op4: Operator<C, D>, op5: Operator<D, E>, op6: Operator<E, F>, op7: Operator<F, G>, op8: Operator<G, H>, op9: Operator<H, I>, op10: Operator<I, J>, op11: Operator<J, K>, op12: Operator<K, L>, op13: Operator<L, M>): Stage<M>;
  pipe<A, B, C, D, E, F, G, H, I, J, K, L, M, N>(op1: Operator<T, A>, op2: Operator<A, B>, op3: Operator<B, C>, op4: Operator<C, D>, op5: Operator<D, E>, op6: Operator<E, F>, op7: Operator<F, G>, op8: Operator<G, H>, op9: Operator<H, I>, op10: Operator<I, J>, op11: Operator<J, K>, op12: Operator<K, L>, op13: Operator<L, M>, op14: Operator<M, N>): Stage<N>;
  pipe<A, B, C, D, E, F, G, H, I, J, K, L, M, N, O>(op1: Operator<T, A>, op2: Operator<A, B>, op3: Operator<B, C>, op4: Operator<C, D>, op5: Operator<D, E>, op6: Operator<E, F>, op7: Operator<F, G>, op8: Operator<G, H>, op9: Operator<H, I>, op10: Operator<I, J>, op11: Operator<J, K>, op12: Operator<K, L>, op13: Operator<L, M>, op14: Operator<M, N>, op15: Operator<N, O>): Stage<O>;
  pipe<A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P>(op1: Operator<T, A>, op2: Operator<A, B>, op3: Operator<B, C>, op4: Operator<C, D>, op5: Operator<D, E>, op6: Operator<E, F>, op7: Operator<F, G>, op8: Operator<G, H>, op9: Operator<H, I>, op10: Operator<I, J>, op11: Operator<J, K>, op12: Operator<K, L>, op13: Operator<L, M>, op14: Operator<M, N>, op15: Operator<N, O>, op16: Operator<O, P>): Stage<P>;
  pipe<A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q>(op1: Operator<T, A>, op2: Operator<A, B>, op3: Operator<B, C>, op4: Operator<C, D>, op5: Operator<D, E>, op6: Operator<E, F>, op7: Operator<F, G>, op8: Operator<G, H>, op9: Operator<H, I>, op10: Operator<I, J>, op11: Operator<J, K>, op12: Operator<K, L>, op13: Operator<L, M>, op14: Operator<M, N>, op15: Operator<N, O>, op16: Operator<O, P>, op17: Operator<P, Q>): Stage<Q>;
  pipe<A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R>(op1: Operator<T, A>, op2: Operator<A, B>, op3: Operator<B, C>, op4: Operator<C, D>, op5: Operator<D, E>, op6: Operator<E, F>, op7: Operator<F, G>, op8: Operator<G, H>, op9: Operator<H, I>, op10: Operator<I, J>, op11: Operator<J, K>, op12: Operator<K, L>, op13: Operator<L, M>, op14: Operator<M, N>, op15: Operator<N, O>, op16: Operator<O, P>, op17: Operator<P, Q>, op18: Operator<Q, R>): Stage<R>;
  pipe<A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S>(op1: Operator<T, A>, op2: Operator<A, B>, op3: Operator<B, C>, op4: Operator<C, D>, op5: Operator<D, E>, op6: Operator<E, F>, op7: Operator<F, G>, op8: Operator<G, H>, op9: Operator<H, I>, op10: Operator<I, J>, op11: Operator<J, K>, op12: Operator<K, L>, op13: Operator<L, M>, op14: Operator<M, N>, op15: Operator<N, O>, op16: Operator<O, P>, op17: Operator<P, Q>, op18: Operator<Q, R>, op19: Operator<R, S>): Stage<S>;
  pipe<A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, U>(op1: Operator<T, A>, op2: Operator<A, B>, op3: Operator<B, C>, op4: Operator<C, D>, op5: Operator<D, E>, op6: Operator<E, F>, op7: Operator<F, G>, op8: Operator<G, H>, op9: Operator<H, I>, op10: Operator<I, J>, op11: Operator<J, K>, op12: Operator<K, L>, op13: Operator<L, M>, op14: Operator<M, N>, op15: Operator<N, O>, op16: Operator<O, P>, op17: Operator<P, Q>, op18: Operator<Q, R>, op19: Operator<R, S>, op20: Operator<S, U>): Stage<U>;
  pipe<A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, U, V>(op1: Operator<T, A>, op2: Operator<A, B>, op3: Operator<B, C>, op4: Operator<C, D>, op5: Operator<D, E>, op6: Operator<E, F>, op7: Operator<F, G>, op8: Operator<G, H>, op9: Operator<H, I>, op10: Operator<I, J>, op11: Operator<J, K>, op12: Operator<K, L>, op13: Operator<L, M>, op14: Operator<M, N>, op15: Operator<N, O>, op16: Operator<O, P>, op17: Operator<P, Q>, op18: Operator<Q, R>, op19: Operator<R, S>, op20: Operator<S, U>, op21: Operator<U, V>): Stage<V>;
  pipe<A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, U, V, W>(op1: Operator<T, A>, op2: Operator<A, B>, op3: Operator<B, C>, op4: Operator<C, D>, op5: Operator<D, E>, op6: Operator<E, F>, op7: Operator<F, G>, op8: Operator<G, H>, op9: Operator<H, I>, op10: Operator<I, J>, op11: Operator<J, K>, op12: Operator<K, L>, op13: Operator<L, M>, op14: Operator<M, N>, op15: Operator<N, O>, op16: Operator<O, P>, op17: Operator<P, Q>, op18: Operator<Q, R>, op19: Operator<R, S>, op20: Operator<S, U>, op21: Operator<U, V>, op22: Operator<V, W>): Stage<W>;
  /** One consumer's view of this stage, with its own demand (and selector / partition / signal). */
  subscribe(options?: SubscribeOptions<T>): Stage<T>;
  stats(): StageStats;
}

/** The event type of a source: `SourceValue<Stage<number>>` and `SourceValue<string[]>` are `number`, `string`. */
export type SourceValue<S> = S extends Iterable<infer T> ? T : S extends AsyncIterable<infer T> ? T : never;
