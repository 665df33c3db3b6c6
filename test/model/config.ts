// The shapes of pipeline the model tests draw: a producer, optionally a middle stage, and the dispatcher of
// the stage the subscribers read from. Everything here is plain data so fast-check prints it when a run fails.
import fc from 'fast-check';

export type DispatcherKind = 'demand' | 'broadcast' | 'partition';
/** A producerConsumer's sync transform. Outputs stay unique and increasing, so order and identity stay checkable. */
export type Transform = 'identity' | 'double' | 'dropOdd' | 'dup';
export type Middle =
  | { kind: 'none' }
  | { kind: 'producerConsumer'; transform: Transform; maxDemand: number; minDemand: number }
  | { kind: 'fused'; shape: 'map+filter' | 'filter+map' };
export type SelectorName = 'all' | 'even' | 'notMod3';

export interface Config {
  /** The dispatcher of the stage subscribers read from (the producer, or the middle stage). */
  dispatcher: DispatcherKind;
  bufferSize: number;
  bufferKeep: 'first' | 'last';
  /** handleDemand(n) returns min(n, demandYield) fresh events: 0 is a push-only producer. */
  demandYield: number;
  partitions: number;
  middle: Middle;
  /** Manual subscribers opened before the first command. */
  initialSubscribers: number;
  /** A start()-ed consumer also drains the subscribed stage (demand and broadcast only), so stop() can be tested. */
  started: boolean;
}

/** What the middle stage makes of input event k, in order. Fused shapes both keep 2k for k not a multiple of 3. */
export function outputsOf(middle: Middle, k: number): number[] {
  if (middle.kind === 'fused') return k % 3 === 0 ? [] : [2 * k];
  if (middle.kind === 'none') return [k];
  switch (middle.transform) {
    case 'identity':
      return [k];
    case 'double':
      return [2 * k];
    case 'dropOdd':
      return k % 2 === 0 ? [k] : [];
    case 'dup':
      return [2 * k, 2 * k + 1];
  }
}

/** The input event an output came from (the inverse of outputsOf). */
export function inputOf(middle: Middle, output: number): number {
  if (middle.kind === 'fused') return output / 2;
  if (middle.kind === 'none') return output;
  if (middle.transform === 'double') return output / 2;
  if (middle.transform === 'dup') return Math.floor(output / 2);
  return output;
}

/** At most how many outputs one input makes: what the middle stage's overshoot is measured in. */
export function expansion(middle: Middle): number {
  return middle.kind === 'producerConsumer' && middle.transform === 'dup' ? 2 : 1;
}

/** The sync function of a producerConsumer with this transform. */
export function transformFn(transform: Transform): (events: number[]) => number[] {
  const middle: Middle = { kind: 'producerConsumer', transform, maxDemand: 1, minDemand: 0 };
  return (events) => events.flatMap((k) => outputsOf(middle, k));
}

export const SELECTORS: Record<SelectorName, (event: number) => boolean> = {
  all: () => true,
  even: (event) => event % 2 === 0,
  notMod3: (event) => event % 3 !== 0,
};

/** The partition hash: every seventh value is dropped (`null`), the rest spread by remainder. */
export function partitionOf(event: number, partitions: number): number | null {
  return event % 7 === 6 ? null : event % partitions;
}

// MODEL_MIN_BUFFER raises the smallest bufferSize drawn, to hunt for failures hidden behind a bufferSize 0 one.
const bufferSizeArb = fc.oneof(fc.integer({ min: Number(process.env.MODEL_MIN_BUFFER ?? 0), max: 6 }), fc.constant(Number.POSITIVE_INFINITY));

/** Configs for a producer read directly, with the given dispatcher. */
export function producerConfigArb(dispatcher: DispatcherKind): fc.Arbitrary<Config> {
  return fc.record({
    dispatcher: fc.constant(dispatcher),
    bufferSize: bufferSizeArb,
    bufferKeep: fc.constantFrom<'first' | 'last'>('first', 'last'),
    demandYield: fc.integer({ min: 0, max: 3 }),
    partitions: fc.integer({ min: 2, max: 3 }),
    middle: fc.constant<Middle>({ kind: 'none' }),
    initialSubscribers: fc.integer({ min: 1, max: 3 }),
    started: dispatcher === 'partition' ? fc.constant(false) : fc.boolean(),
  }).map(finite);
}

/** A start()-ed consumer drains forever a producer whose handleDemand always answers: no run would settle. */
function finite(config: Config): Config {
  return config.started ? { ...config, demandYield: 0 } : config;
}

const transformArb = fc.constantFrom<Transform>('identity', 'double', 'dropOdd', 'dup');
const pcArb: fc.Arbitrary<Middle> = fc.integer({ min: 1, max: 6 }).chain((maxDemand) =>
  fc.record({
    kind: fc.constant('producerConsumer' as const),
    transform: transformArb,
    maxDemand: fc.constant(maxDemand),
    minDemand: fc.integer({ min: 0, max: maxDemand - 1 }),
  }),
);
const fusedArb: fc.Arbitrary<Middle> = fc.record({
  kind: fc.constant('fused' as const),
  shape: fc.constantFrom<'map+filter' | 'filter+map'>('map+filter', 'filter+map'),
});

/** Configs with a middle stage; the subscribers read the middle stage, whose dispatcher is drawn. */
export function middleConfigArb(kind: 'producerConsumer' | 'fused'): fc.Arbitrary<Config> {
  const dispatchers: DispatcherKind[] = kind === 'fused' ? ['demand'] : ['demand', 'broadcast', 'partition'];
  return fc.constantFrom(...dispatchers).chain((dispatcher) =>
    fc.record({
      dispatcher: fc.constant(dispatcher),
      bufferSize: bufferSizeArb,
      bufferKeep: fc.constantFrom<'first' | 'last'>('first', 'last'),
      demandYield: fc.integer({ min: 0, max: 3 }),
      partitions: fc.integer({ min: 2, max: 3 }),
      middle: kind === 'fused' ? fusedArb : pcArb,
      initialSubscribers: fc.integer({ min: 1, max: 3 }),
      started: dispatcher === 'partition' ? fc.constant(false) : fc.boolean(),
    }).map(finite),
  );
}
