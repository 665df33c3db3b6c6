// parallel(n, operator): the seed's "scaling up a stage" as one operator. One upstream is shared by n copies
// of the operator through a dispatcher, and their outputs are merged back.
import { CoreStage } from './core.js';
import type { DispatcherFactory } from '../dispatchers/dispatcher.js';
import { demandDispatcher } from '../dispatchers/demand.js';
import type { PartitionDispatcherFactory } from '../dispatchers/partition.js';
import { toStage } from './from.js';
import { Pump } from '../protocol/pump.js';
import { Upstream } from '../protocol/upstream.js';
import { merge } from './merge.js';
import { checkDispatcher, DEFAULT_BUFFER_SIZE } from '../options.js';
import { OrderedParallelStage } from './parallel-ordered.js';
import type { StageBase } from './stage.js';
import type { Operator, Source, Stage, Subscription } from '../types.js';
import { checkBoolean, checkFunction, checkInteger, checkOptions, checkSource, defaultName } from '../validate.js';

export interface ParallelOptions<A> {
  /**
   * How the copies share the upstream: `demandDispatcher()` (default: each batch to the copy with the most
   * demand) or `partitionDispatcher({ partitions: n, hash })` (per-key order: partition i feeds copy i).
   */
  dispatcher?: DispatcherFactory<A>;
  /**
   * Emit results in input order. The input is cut into chunks (the subscriber's `maxDemand - minDemand`
   * events, 500 by default), each run through a fresh copy of `operator`, at most `n` chunks at a time;
   * the results of a chunk that finished before an earlier one wait in memory (at most `n - 1` chunks'
   * worth), so the slowest chunk holds back the others. Operator state does not carry across chunks.
   */
  ordered?: boolean;
}

/**
 * Runs `n` copies of `operator` on one upstream and merges their outputs: the demand-aware fan-out. Each
 * copy asks the upstream as its own subscriber (GenStage's several consumers on one producer), so a busy
 * copy gets no more events while idle ones do.
 *
 * @example
 * const squares = pipe(
 *   from([1, 2, 3, 4, 5, 6]),
 *   parallel(3, producerConsumer(async (batch: number[]) => batch.map((n) => n * n), { maxDemand: 1, minDemand: 0 })),
 * );
 * console.log((await toArray(squares)).sort((a, b) => a - b)); // [1, 4, 9, 16, 25, 36]
 */
export function parallel<A, B>(n: number, operator: Operator<A, B>, options?: ParallelOptions<A>): Operator<A, B> {
  checkInteger('n', n, 1);
  checkFunction('operator', operator);
  const opts = checkOptions(options, ['dispatcher', 'ordered'], 'parallel');
  const dispatcher = checkDispatcher<A>(opts.dispatcher) ?? demandDispatcher<A>();
  const ordered = opts.ordered === undefined ? false : checkBoolean('ordered', opts.ordered);
  if (ordered && dispatcher.kind !== 'demand') {
    throw new TypeError(
      `dispatcher must be a demandDispatcher() when ordered is true (ordered mode hands out chunks in turn), got a ${dispatcher.kind} dispatcher`,
    );
  }
  const partitions = partitionsOf(dispatcher, n);
  return (source: Source<A>): Stage<B> => {
    checkSource('source', source);
    const upstream = toStage(source);
    const name = defaultName('parallel');
    if (ordered) return new OrderedParallelStage(upstream, operator, n, name);
    const hub = new HubStage(upstream, dispatcher, name);
    const copies: Stage<B>[] = [];
    for (let i = 0; i < n; i++) copies.push(operator(partitions ? hub.subscribe({ partition: partitions[i] }) : hub));
    return merge(...copies);
  };
}

function partitionsOf<A>(dispatcher: DispatcherFactory<A>, n: number): readonly PropertyKey[] | undefined {
  if (dispatcher.kind !== 'partition') return undefined;
  const { partitions } = dispatcher as PartitionDispatcherFactory<A>;
  if (partitions.length !== n) {
    throw new RangeError(`dispatcher partitions must be one per copy (${n}), got ${partitions.length}`);
  }
  return partitions;
}

/**
 * The pass-through stage the copies subscribe to: it asks upstream exactly what its dispatcher grants, so
 * the upstream's own dispatcher sees one subscriber and this one shares the events out. Its partition queues
 * hold at most 10 000 events each; its own buffer only ever holds events already asked for.
 */
class HubStage<T> extends CoreStage<T> {
  private pump: Pump<T> | null = null;

  constructor(private readonly source: StageBase<T>, dispatcher: DispatcherFactory<T>, name: string) {
    super({
      name,
      kind: 'parallel',
      dispatcher,
      bufferSize: Infinity,
      bufferKeep: 'last',
      dispatcherBufferSize: DEFAULT_BUFFER_SIZE,
      inputs: [{ stage: source as StageBase<unknown>, options: {} }],
    });
  }

  protected onStart(): void {
    let upstream: Upstream<T>;
    try {
      upstream = new Upstream(this.source, { mode: 'manual' });
    } catch (error) {
      this.error(error);
      return;
    }
    // Every batch that arrives passes on: it was asked for by the copies' demand.
    this.pump = new Pump(upstream, {
      wants: () => this.running,
      handle: (events) => {
        this.received += events.length;
        this.emit(events);
      },
      ended: () => this.complete(),
      failed: (error) => this.error(error),
    });
    this.pump.run();
  }

  protected onDemand(n: number): void {
    this.pump?.upstream.subscription.ask(n);
  }

  protected onRelease(): void | Promise<void> {
    const pump = this.pump;
    this.pump = null;
    pump?.stop();
    return pump?.upstream.cancel();
  }
}
