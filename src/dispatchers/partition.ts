// GenStage.PartitionDispatcher: each event goes to the one subscriber of its partition.
// Demand is pooled across partitions, as in GenStage; unlike GenStage, each partition's queue is bounded.
import type { Dispatcher, DispatcherContext, DispatcherFactory, DispatchTarget } from './dispatcher.js';
import type { SubscribeOptions } from '../types.js';
import { checkFunction, checkInteger, checkOptions, show } from '../validate.js';
import { defaultHash } from './partition-hash.js';

export interface PartitionDispatcherOptions<T> {
  /** A count `n` (partitions `0..n-1`) or the partitions' names. */
  partitions: number | readonly PropertyKey[];
  /** The partition of an event, or `null` to drop it. Required for named partitions. */
  hash?(event: T): PropertyKey | null;
}

/** The factory also tells which partitions exist, so `parallel()` can hand one to each copy. */
export interface PartitionDispatcherFactory<T> extends DispatcherFactory<T> {
  readonly partitions: readonly PropertyKey[];
}

interface Partition<T> {
  readonly key: PropertyKey;
  target: DispatchTarget<T> | null;
  /** Demand of its subscriber not met yet (0 while its queue holds events). */
  demand: number;
  /** Events that arrived beyond its demand, at most the stage's `bufferSize`. */
  queue: T[];
  /** Events of the current dispatch, sent as one batch. */
  out: T[];
}

/**
 * Routes each event to the subscriber of partition `hash(event)` (`subscribe({ partition })`), in order;
 * `null` drops the event without using up demand. The default hash keeps integers by `n mod count`, hashes
 * strings (FNV-1a) and other primitives, and spreads objects round-robin: pass `hash` to route by a key.
 *
 * Each partition queues at most the stage's `bufferSize` events beyond its subscriber's demand (GenStage's
 * queues are unbounded). When one is full the stage stops taking events: they wait, in order, in the stage's
 * buffer (whose `bufferKeep` rule applies), and no more is asked upstream until that partition's subscriber
 * asks again. A partition nobody subscribed to keeps its queue for a later subscriber, so once full it holds
 * the others up too.
 *
 * @example
 * const users = producer<{ id: number }>({
 *   dispatcher: partitionDispatcher({ partitions: 2, hash: (user) => user.id % 2 }),
 * });
 * const even = toArray(users.subscribe({ partition: 0 }));
 * const odd = toArray(users.subscribe({ partition: 1 }));
 * users.push([{ id: 1 }, { id: 2 }, { id: 3 }]);
 * users.end();
 * console.log(await even, await odd); // [{ id: 2 }] [{ id: 1 }, { id: 3 }]
 */
export function partitionDispatcher<T = any>(options: PartitionDispatcherOptions<T>): PartitionDispatcherFactory<T> {
  const opts = checkOptions(options, ['partitions', 'hash'], 'partitionDispatcher');
  const partitions = checkPartitions(opts.partitions);
  let hash: (event: T) => PropertyKey | null;
  if (opts.hash !== undefined) hash = checkFunction('hash', opts.hash);
  else if (partitions.every((key, i) => key === i)) hash = defaultHash(partitions.length);
  else {
    throw new TypeError(`hash must be a function when partitions are named (${list(partitions)}), got undefined`);
  }
  const known = new Set(partitions);
  return {
    kind: 'partition',
    partitions,
    create: (context) => new PartitionDispatcher<T>(context, partitions, hash),
    validate: (subscription: SubscribeOptions<T>) => checkPartition(subscription.partition, known, partitions),
  };
}

class PartitionDispatcher<T> implements Dispatcher<T> {
  private readonly partitions: Partition<T>[];
  private readonly byKey = new Map<PropertyKey, Partition<T>>();
  private readonly bound: number;
  /** Events asked upstream and not received yet, pooled over partitions. */
  private waiting = 0;
  /** Demand of subscribers that left, which upstream was already asked for: not asked again. */
  private pending = 0;
  /** The partition whose full queue stops the dispatch, and the demand withheld meanwhile. */
  private blocked: Partition<T> | null = null;
  private owed = 0;
  /** The sum of the subscribed partitions' demands: what the stage's subscribers could take now. */
  private demanded = 0;

  constructor(
    private readonly context: DispatcherContext,
    private readonly keys: readonly PropertyKey[],
    private readonly hash: (event: T) => PropertyKey | null,
  ) {
    this.bound = context.bufferSize ?? Infinity;
    this.partitions = keys.map((key) => ({ key, target: null, demand: 0, queue: [], out: [] }));
    for (const partition of this.partitions) this.byKey.set(partition.key, partition);
  }

  subscribe(target: DispatchTarget<T>): number {
    const key = checkPartition(target.options.partition, this.byKey, this.keys);
    const partition = this.byKey.get(key)!;
    if (partition.target !== null) {
      throw new Error(
        `partition ${show(key)} of stage ${this.context.name} is already taken by subscriber ${partition.target.id}`,
      );
    }
    // Events queued while nobody consumed this partition are kept for its new subscriber.
    partition.target = target;
    return 0;
  }

  cancel(target: DispatchTarget<T>): number {
    const partition = this.partitionOf(target);
    if (partition === undefined) return 0;
    partition.target = null;
    // As GenStage: a leaving subscriber's queued events go with it, and are replaced upstream for the pool.
    const discarded = partition.queue.length;
    partition.queue = [];
    if (discarded === 0) this.pending += partition.demand;
    this.demanded -= partition.demand;
    partition.demand = 0;
    return this.unblock(partition) + this.grant(discarded);
  }

  ask(n: number, target: DispatchTarget<T>): number {
    const partition = this.partitionOf(target);
    if (partition === undefined) return 0;
    const queued = partition.queue.length;
    if (queued > 0) {
      const count = Math.min(n, queued);
      const events = count === queued ? partition.queue : partition.queue.slice(0, count);
      partition.queue = count === queued ? [] : partition.queue.slice(count);
      target.deliver(events);
      partition.demand += n - count;
      this.demanded += n - count;
    } else {
      partition.demand += n;
      this.demanded += n;
    }
    // Demand is pooled: upstream is asked even when the queue answered, as GenStage does.
    const alreadyAsked = Math.min(this.pending, n);
    this.pending -= alreadyAsked;
    return this.unblock(partition) + this.grant(n - alreadyAsked);
  }

  demand(): number {
    return this.blocked === null ? this.demanded : 0;
  }

  // As GenStage, the walk goes on while pooled demand is waiting, and an event hashed to null uses none of it.
  // Unlike GenStage it also goes on while a subscriber has demand of its own: an event for it goes out even once the
  // pool was spent on other partitions, and the events ahead of it that nobody can take now go to their queues first
  // (none is overtaken; if a queue is full, all of them wait in the buffer). With bounded queues, those left at the
  // end of the walk are queued too while a subscriber waits, so that none stands in front of a later event it could
  // take (the buffer is offered only `demand()` events at a time). Unbounded queues (a producerConsumer's) take only
  // events ahead of one that goes out: queueing every one would let the stage read its whole upstream while a
  // subscriber waits; there a held event can wait behind more than `demand()` events for others until someone asks.
  dispatch(events: readonly T[]): readonly T[] | undefined {
    if (this.blocked !== null) return this.handBack(events, 0);
    const length = events.length;
    let i = 0;
    // With the pool spent: where the events begin that nobody can take now, and those of them with a partition.
    let stuck = -1;
    let parked: T[] | undefined;
    let parkedIn: Partition<T>[] | undefined;
    for (; i < length && (this.waiting > 0 || this.demanded > 0); i++) {
      const event = events[i]!;
      const key = this.hash(event);
      if (key === null) {
        if (this.waiting === 0 && stuck < 0) stuck = i;
        continue;
      }
      const partition = this.byKey.get(key);
      if (partition === undefined) throw unknownPartition(key, event, this.keys, this.context.name);
      if (partition.demand > 0) {
        if (stuck >= 0) {
          if (parked !== undefined && !this.park(parked, parkedIn!)) break;
          stuck = -1;
        }
        partition.demand--;
        this.demanded--;
        partition.out.push(event);
      } else if (this.waiting === 0) {
        if (stuck < 0) stuck = i;
        (parked ??= []).push(event);
        (parkedIn ??= []).push(partition);
        continue;
      } else if (partition.queue.length < this.bound) {
        partition.queue.push(event);
      } else {
        this.blocked = partition;
        break;
      }
      if (this.waiting > 0) this.waiting--;
    }
    if (stuck >= 0 && this.bound !== Infinity && this.demanded > 0) {
      if (parked === undefined || this.park(parked, parkedIn!)) stuck = -1;
    }
    if (stuck >= 0) i = stuck;
    this.flush();
    return i === length ? undefined : this.handBack(events, i);
  }

  /** Queues each event in its partition, in order, if every queue has room for its share; else queues none. */
  private park(events: T[], partitions: Partition<T>[]): boolean {
    const room = new Map<Partition<T>, number>();
    for (const partition of partitions) {
      const left = room.get(partition) ?? this.bound - partition.queue.length;
      if (left <= 0) return false;
      room.set(partition, left - 1);
    }
    for (let k = 0; k < events.length; k++) partitions[k]!.queue.push(events[k]!);
    events.length = 0;
    partitions.length = 0;
    return true;
  }

  // Queues of partitions nobody consumes now count too: they are kept for a later subscriber.
  buffered(): number {
    let count = 0;
    for (const partition of this.partitions) count += partition.queue.length;
    return count;
  }

  holds(target: DispatchTarget<T>): number {
    return this.partitionOf(target)?.queue.length ?? 0;
  }

  private partitionOf(target: DispatchTarget<T>): Partition<T> | undefined {
    const partition = this.byKey.get(target.options.partition!);
    return partition?.target === target ? partition : undefined;
  }

  private flush(): void {
    for (const partition of this.partitions) {
      if (partition.out.length === 0) continue;
      const out = partition.out;
      partition.out = [];
      partition.target!.deliver(out);
    }
  }

  /** Demand to ask upstream, unless a full queue holds the dispatch: then it waits until that queue has room. */
  private grant(n: number): number {
    if (n <= 0) return 0;
    if (this.blocked !== null) {
      this.owed += n;
      return 0;
    }
    this.waiting += n;
    return n;
  }

  private unblock(partition: Partition<T>): number {
    // Room in its queue, or demand of its subscriber (a queue bounded at 0 never has room).
    if (this.blocked !== partition || (partition.queue.length >= this.bound && partition.demand === 0)) return 0;
    this.blocked = null;
    const owed = this.owed;
    this.owed = 0;
    this.waiting += owed;
    return owed;
  }

  // Leftovers within demand were paid for: the stage keeps them first in its buffer and they are served by
  // the demand granted again on unblocking. Leftovers beyond demand wait for new demand, as in GenStage.
  private handBack(events: readonly T[], from: number): readonly T[] {
    const leftovers = from === 0 ? events : events.slice(from);
    if (this.blocked !== null) {
      const paid = Math.min(this.waiting, leftovers.length);
      this.waiting -= paid;
      this.owed += paid;
    }
    return leftovers;
  }

}

function checkPartitions(value: unknown): readonly PropertyKey[] {
  if (typeof value === 'number') {
    const count = checkInteger('partitions', value, 1);
    return Array.from({ length: count }, (_, i) => i);
  }
  const rule = 'an integer >= 1 or a non-empty array of distinct strings, numbers or symbols';
  if (!Array.isArray(value) || value.length === 0 || new Set(value).size !== value.length || !value.every(isKey)) {
    throw new TypeError(`partitions must be ${rule}, got ${show(value)}`);
  }
  return Object.freeze([...value]);
}

function checkPartition(
  partition: PropertyKey | undefined,
  known: { has(key: PropertyKey): boolean },
  keys: readonly PropertyKey[],
): PropertyKey {
  if (partition === undefined || !known.has(partition)) {
    const message = `partition must be one of ${list(keys)} (the stage has a partitionDispatcher), got ${show(partition)}`;
    throw partition === undefined ? new TypeError(message) : new RangeError(message);
  }
  return partition;
}

function unknownPartition(key: unknown, event: unknown, keys: readonly PropertyKey[], name: string): Error {
  return new RangeError(
    `partitionDispatcher of stage ${name}: hash returned ${show(key)} for event ${show(event)}, ` +
      `which is not one of its partitions (${list(keys)}) nor null; the event was not delivered`,
  );
}

function isKey(value: unknown): value is PropertyKey {
  return typeof value === 'string' || (typeof value === 'number' && !Number.isNaN(value)) || typeof value === 'symbol';
}

function list(keys: readonly PropertyKey[]): string {
  return keys.map((key) => show(key)).join(', ');
}
