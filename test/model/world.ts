// The system under test and the record of everything that happened to it. Every public call the commands make
// goes through here, and every batch a reader takes is logged with a logical clock, so the invariants can be
// checked afterwards against what was produced, asked and cancelled, and when.
import {
  broadcastDispatcher,
  demandDispatcher,
  openSubscription,
  partitionDispatcher,
  pipe,
  producer,
  producerConsumer,
  start,
  type Producer,
  type RunningPipeline,
  type Stage,
  type Subscription,
} from '../../src/index.js';
import { filter, map, tap } from '../../operators/index.js';
import { partitionOf, SELECTORS, transformFn, type Config, type SelectorName } from './config.js';
import type { Activity } from './settle.js';

export interface Written {
  ids: number[];
  settled: boolean;
  rejected?: unknown;
}
export interface Produced {
  id: number;
  /** Logical time of the push/write/handleDemand return that produced it. */
  at: number;
  write?: Written;
}
export interface Subscriber {
  index: number;
  /** false for the start()-ed consumer, whose demand is automatic (not counted by the model). */
  manual: boolean;
  partition?: number;
  selector: SelectorName;
  joined: number;
  cancelled?: number;
  asked: number;
  received: number[];
  emptyBatches: number;
  /** Events handed over after cancel() returned: they reach nobody. */
  afterCancel: number[];
  state: 'open' | 'ended' | 'failed' | 'cancelled';
  error?: unknown;
  subscription?: Subscription<number>;
}

export interface World extends Activity {
  config: Config;
  clock: number;
  nextId: number;
  produced: Produced[];
  writes: Written[];
  subscribers: Subscriber[];
  /** Output event -> logical time it was first read by anyone (the latest it can have been dispatched). */
  firstRead: Map<number, number>;
  discarded: number;
  demands: number[];
  /** Violations seen synchronously, inside callbacks (reported at the next check). */
  violations: string[];
  ended: boolean;
  /** When the middle stage lost its last subscriber, and so released its upstream with what it held. */
  releases: number[];
  failure?: { error: unknown };
  producer: Producer<number>;
  middle?: Stage<number>;
  /** The stage the subscribers read: the producer, or the middle stage. */
  target: Stage<number>;
  running?: RunningPipeline;
  autoStage?: Stage<number>;
  stop?: { settled: boolean; rejected?: unknown };
  done?: { settled: boolean; rejected?: unknown };
}

function dispatcherFor(config: Config) {
  if (config.dispatcher === 'broadcast') return broadcastDispatcher();
  if (config.dispatcher === 'partition') {
    return partitionDispatcher<number>({ partitions: config.partitions, hash: (e) => partitionOf(e, config.partitions) });
  }
  return demandDispatcher();
}

export function buildWorld(config: Config): World {
  const world = { config, clock: 0, activity: 0, nextId: 1, produced: [], writes: [], subscribers: [], firstRead: new Map(),
    discarded: 0, demands: [], violations: [], ended: false, releases: [] } as unknown as World;
  const middle = config.middle;
  world.producer = producer<number>({
    bufferSize: config.bufferSize,
    bufferKeep: config.bufferKeep,
    onDiscard: (count) => {
      world.discarded += count;
      world.activity++;
    },
    dispatcher: middle.kind === 'none' ? dispatcherFor(config) : undefined,
    handleDemand: (n) => onDemand(world, n),
  });
  if (middle.kind === 'producerConsumer') {
    const { maxDemand, minDemand } = middle;
    world.middle = pipe(world.producer, producerConsumer(transformFn(middle.transform), { maxDemand, minDemand, dispatcher: dispatcherFor(config) }));
  } else if (middle.kind === 'fused') {
    const keep = filter((k: number) => k % 3 !== 0);
    const keepDoubled = filter((x: number) => (x / 2) % 3 !== 0);
    const double = map((k: number) => 2 * k);
    world.middle = middle.shape === 'map+filter' ? pipe(world.producer, double, keepDoubled) : pipe(world.producer, keep, double);
  }
  world.target = world.middle ?? world.producer;
  // A partitioned stage starts with one reader per partition (addManual takes the first free one).
  const readers = config.dispatcher === 'partition' ? config.partitions : config.initialSubscribers;
  for (let i = 0; i < readers; i++) addManual(world, i);
  if (config.started) startAuto(world);
  return world;
}

/** handleDemand: checks what GenStage promises about its argument, then returns up to demandYield new events. */
function onDemand(world: World, n: number): number[] {
  world.activity++;
  world.demands.push(n);
  if (!Number.isInteger(n) || n < 1) world.violations.push(`invariant 2 (credit): handleDemand(${n})`);
  // GenStage's semantics §2.3: the buffer serves an ask first, handleDemand gets only what it could not serve.
  // Demand and broadcast dispatchers take min(demand, buffered) from the buffer, so it is empty by now.
  const buffered = world.producer.stats().buffered;
  if (world.config.middle.kind === 'none' && world.config.dispatcher !== 'partition' && buffered > 0) {
    world.violations.push(`invariant 2 (credit): handleDemand(${n}) called while ${buffered} events were buffered`);
  }
  const count = Math.min(n, world.config.demandYield);
  return fresh(world, count);
}

export function fresh(world: World, count: number, write?: Written): number[] {
  const ids: number[] = [];
  const at = world.clock++;
  for (let i = 0; i < count; i++) {
    const id = world.nextId++;
    ids.push(id);
    world.produced.push({ id, at, write });
  }
  return ids;
}

/** Opens a manual subscription (GenStage's :manual mode) on the first free partition, and its reader loop. */
export function addManual(world: World, selectorPick: number, partition?: number): Subscriber {
  const { config } = world;
  const names = Object.keys(SELECTORS) as SelectorName[];
  const selector: SelectorName = config.dispatcher === 'broadcast' ? names[selectorPick % names.length]! : 'all';
  const sub: Subscriber = { index: world.subscribers.length, manual: true, selector, joined: world.clock++, asked: 0,
    received: [], emptyBatches: 0, afterCancel: [], state: 'open' };
  if (config.dispatcher === 'partition') sub.partition = partition ?? freePartitions(world)[0];
  sub.subscription = openSubscription(world.target, {
    partition: sub.partition,
    selector: selector === 'all' ? undefined : SELECTORS[selector],
  });
  world.subscribers.push(sub);
  void read(world, sub, sub.subscription);
  world.activity++;
  return sub;
}

export function freePartitions(world: World): number[] {
  const taken = new Set(world.subscribers.filter((s) => s.state === 'open' && s.cancelled === undefined).map((s) => s.partition));
  return Array.from({ length: world.config.partitions }, (_, p) => p).filter((p) => !taken.has(p));
}

/** start()s the subscribed stage with a recording tap as its consumer: an automatic subscriber that stop() ends. */
function startAuto(world: World): void {
  const sub: Subscriber = { index: world.subscribers.length, manual: false, selector: 'all', joined: world.clock++,
    asked: Number.POSITIVE_INFINITY, received: [], emptyBatches: 0, afterCancel: [], state: 'open' };
  world.subscribers.push(sub);
  world.autoStage = pipe(world.target, tap((event: number) => record(world, sub, [event])));
  world.running = start(world.autoStage);
  world.done = { settled: false };
  const done = world.done;
  world.running.done.then(
    () => finish(world, sub, done, 'ended'),
    (error: unknown) => {
      done.rejected = error;
      finish(world, sub, done, 'failed', error);
    },
  );
}

function finish(world: World, sub: Subscriber, done: { settled: boolean }, state: 'ended' | 'failed', error?: unknown) {
  done.settled = true;
  if (sub.state === 'open') sub.state = state;
  sub.error = error;
  world.activity++;
}

async function read(world: World, sub: Subscriber, subscription: Subscription<number>): Promise<void> {
  for (;;) {
    let batch: readonly number[] | null;
    try {
      const next = subscription.next();
      batch = next !== null && 'then' in next ? await next : next;
    } catch (error) {
      if (sub.state === 'open') sub.state = 'failed';
      sub.error = error;
      world.activity++;
      return;
    }
    if (batch === null) {
      if (sub.state === 'open') sub.state = 'ended';
      world.activity++;
      return;
    }
    record(world, sub, batch);
  }
}

function record(world: World, sub: Subscriber, batch: readonly number[]): void {
  world.activity++;
  const at = world.clock++;
  if (sub.state === 'cancelled') sub.afterCancel.push(...batch);
  else if (batch.length === 0) sub.emptyBatches++;
  for (const event of batch) {
    if (sub.state !== 'cancelled') sub.received.push(event);
    if (!world.firstRead.has(event)) world.firstRead.set(event, at);
  }
}

/** stop() of the start()-ed pipeline: graceful, it drains the sources, so the producer takes no new events. */
export function stopRunning(world: World): void {
  world.ended = true;
  const stop: { settled: boolean; rejected?: unknown } = { settled: false };
  world.stop = stop;
  world.running!.stop().then(
    () => {
      stop.settled = true;
      world.activity++;
    },
    (error: unknown) => {
      stop.settled = true;
      stop.rejected = error;
      world.activity++;
    },
  );
}
