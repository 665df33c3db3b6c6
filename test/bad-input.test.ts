// Every public function and option of genstage, genstage/operators and genstage/rxjs, fed wrong types, NaN,
// Infinity where it is not allowed, negatives, fractions, empty strings and lists, unknown option keys and
// non-iterable sources (DESIGN.md §6). Each case must throw a TypeError or RangeError naming the option and the
// value, when the stage or operator is built, with nothing started: the generator source it is given is never
// pulled and never subscribed to.
import { describe, expect, it } from 'vitest';
import * as op from '../operators/index.js';
import * as g from '../src/index.js';
import * as rx from '../src/rxjs/index.js';
import { show } from '../src/validate.js';

type ErrorClass = typeof TypeError | typeof RangeError;
/** A bad value, the error it must raise, and how the message shows it (default: `show(value)`). */
type Bad = readonly [value: unknown, error: ErrorClass, shown?: string];
type Build = (value: unknown, source: g.Stage<number>) => unknown;
interface Case { label: string; option: string; value: unknown; error: ErrorClass; shown: string; build: Build }

const T = TypeError;
const R = RangeError;
const COUNT: Bad[] = [[0, R], [-1, R], [1.5, R], [NaN, R], [Infinity, R], ['3', T], [null, T], [true, T]];
const COUNT_OR_INFINITY: Bad[] = [[-1, R], [2.5, R], [NaN, R], [-Infinity, R], ['10', T], [null, T]];
const NATURAL: Bad[] = [[-1, R], [1.5, R], [NaN, R], [Infinity, R], ['3', T], [null, T]];
const MIN_DEMAND: Bad[] = [...NATURAL, [1000, R]];
const DURATION: Bad[] = [[-1, R], [NaN, R], [Infinity, R], ['5', T], [null, T]];
const FUNCTION: Bad[] = [[42, T], ['f', T], [null, T], [{}, T], [true, T]];
const BOOLEAN: Bad[] = [['yes', T], [1, T], [null, T]];
const NAME: Bad[] = [['', R], [5, T], [null, T]];
const KEEP: Bad[] = [['middle', R], ['', R], [5, T], [null, T]];
const SIGNAL: Bad[] = [[{}, T], ['abort', T], [new EventTarget(), T], [null, T]];
const DISPATCHER: Bad[] = [[{}, T], ['demand', T], [g.demandDispatcher, T], [null, T]];
const SOURCE: Bad[] = [[42, T], ['abc', T], [null, T], [undefined, T], [{}, T], [Symbol('s'), T], [() => [1], T]];
const OPTIONS: Bad[] = [[5, T], ['x', T], [[], T], [null, T]];

const cases: Case[] = [];
function add(label: string, option: string, bad: readonly Bad[], build: Build): void {
  for (const [value, error, shown] of bad) cases.push({ label, option, value, error, shown: shown ?? show(value), build });
}

/** The options object itself (wrong types, an unknown key), then each option in `keys` on top of `base`. */
function options(label: string, build: Build, keys: Record<string, readonly Bad[]>, base: object = {}, bad = OPTIONS): void {
  add(label, `${label} options`, bad, build);
  add(label, 'unknown option "nope"', [[{ ...base, nope: 1 }, T]], build);
  for (const [key, bad] of Object.entries(keys)) add(label, key, bad, (value, source) => build({ ...base, [key]: value }, source));
}

const DEMAND = { maxDemand: COUNT, minDemand: MIN_DEMAND };
const BUFFER = { bufferSize: COUNT_OR_INFINITY, bufferKeep: KEEP, onDiscard: FUNCTION };
const same = (xs: number[]) => xs;
const pc = () => g.producerConsumer(same);
const partitioned = () => g.producer<number>({ dispatcher: g.partitionDispatcher({ partitions: 2 }) });
const BAD_PARTITIONS: Bad[] = [
  [0, R], [-1, R], [1.5, R], [NaN, R], [Infinity, R], [[], T], [[1, 1], T], [[{}], T], [[NaN], T], ['ab', T], [null, T], [undefined, T],
];

// genstage
add('from', 'source', SOURCE, (v) => g.from(v as never));
options('from', (v, s) => g.from(s, v as never), { name: NAME, dispatcher: DISPATCHER, trace: FUNCTION });
add('openSubscription', 'source', SOURCE, (v) => g.openSubscription(v as never));
options('openSubscription', (v, s) => g.openSubscription(s, v as never), { ...DEMAND, selector: FUNCTION, signal: SIGNAL });
const PARTITION: Bad[] = [['c', R], [5, R], [-1, R], [undefined, T]];
add('openSubscription partition', 'partition', PARTITION, (v) => g.openSubscription(partitioned(), { partition: v as never }));
options('producer', (v) => g.producer(v as never), { name: NAME, handleDemand: FUNCTION, ...BUFFER, dispatcher: DISPATCHER, trace: FUNCTION });
add('producer push', 'events', [[42, T], ['abc', T], [null, T], [{}, T]], (v) => g.producer().push(v as never));
add('producerConsumer', 'handleEvents', FUNCTION, (v) => g.producerConsumer(v as never));
options('producerConsumer', (v) => g.producerConsumer(same, v as never), { ...DEMAND, name: NAME, dispatcher: DISPATCHER, trace: FUNCTION });
add('producerConsumer applied', 'source', SOURCE, (v) => pc()(v as never));
add('consume', 'source', SOURCE, (v) => g.consume(v as never, () => undefined));
add('consume', 'handleEvents', FUNCTION, (v, s) => g.consume(s, v as never));
options('consume', (v, s) => g.consume(s, () => undefined, v as never), { ...DEMAND, signal: SIGNAL });
for (const [name, fn] of [['run', g.run], ['toArray', g.toArray]] as const) {
  add(name, 'source', SOURCE, (v) => fn(v as never));
  options(name, (v, s) => fn(s, v as never), { signal: SIGNAL });
}
add('pipe', 'source', SOURCE.filter(([v]) => typeof v !== 'function'), (v) => g.pipe(v as never, pc()));
add('pipe', 'operator 1', FUNCTION, (v, s) => g.pipe(s, v as never));
add('pipe composed', 'operator 2', FUNCTION, (v) => g.pipe(pc(), v as never));
add('stage.pipe', 'operator 1', FUNCTION, (v, s) => s.pipe(v as never));
options('subscribe', (v, s) => s.subscribe(v as never), { ...DEMAND, selector: FUNCTION, signal: SIGNAL });
add('subscribe partition', 'partition', PARTITION, (v) => partitioned().subscribe({ partition: v as never }));
add('subscription ask', 'ask: n', NATURAL, (v) => g.openSubscription(g.producer()).ask(v as never));
add('start', 'pipeline', SOURCE, (v) => g.start(v as never));
options('start', (v, s) => g.start(s, v as never), { signal: SIGNAL, trace: FUNCTION });
options('stop', (v) => g.start(g.from([1])).stop(v as never), { drain: BOOLEAN });
add('toMermaid', 'stage', SOURCE, (v) => g.toMermaid(v as never));
add('pipelineStats', 'stage', SOURCE, (v) => g.pipelineStats(v as never));
options('logger', (v) => g.logger(v as never), { unit: [[5, T], [null, T]], events: BOOLEAN, log: FUNCTION });
add('consumerSupervisor', 'maxDemand', [...COUNT, [undefined, T]], (v) => g.consumerSupervisor(v as never, same));
add('consumerSupervisor', 'worker', [...FUNCTION, [undefined, T]], (v) => g.consumerSupervisor(2, v as never));
options('consumerSupervisor', (v) => g.consumerSupervisor(5, same, v as never), {
  minDemand: [...NATURAL, [5, R]],
  restart: [...KEEP, ['permanent', R]],
  maxRestarts: NATURAL,
  maxSeconds: NATURAL,
  ordered: BOOLEAN,
  onError: FUNCTION,
  name: NAME,
});
add('consumerSupervisor applied', 'source', SOURCE, (v) => g.consumerSupervisor(2, same)(v as never));
options('demandDispatcher', (v) => g.demandDispatcher(v as never), { shuffleDemandsOnFirstDispatch: BOOLEAN });
options('broadcastDispatcher', (v) => g.broadcastDispatcher(v as never), { waitFor: COUNT });
options('partitionDispatcher', (v) => g.partitionDispatcher(v as never), { partitions: BAD_PARTITIONS, hash: FUNCTION }, { partitions: 2 });
add('partitionDispatcher named without hash', 'hash', [[undefined, T]], (v) => g.partitionDispatcher({ partitions: ['a', 'b'], hash: v as never }));
add('merge', 'source 1', SOURCE, (v) => g.merge(v as never));
add('merge', 'source 2', SOURCE, (v, s) => g.merge(s, v as never));
for (const [name, make] of [['concat', g.concat], ['zip', g.zip]] as const) {
  add(name, 'source 1', SOURCE, (v) => make(v as never));
  add(name, 'source 2', SOURCE, (v, s) => make(s, v as never));
}
add('interval', 'ms', [...DURATION, [undefined, T]], (v) => g.interval(v as never));
add('parallel', 'n', COUNT, (v) => g.parallel(v as never, pc()));
add('parallel', 'operator', FUNCTION, (v) => g.parallel(2, v as never));
options('parallel', (v) => g.parallel(2, pc(), v as never), { dispatcher: DISPATCHER, ordered: BOOLEAN });
const threePartitions: Bad = [g.partitionDispatcher({ partitions: 3 }), R, '3'];
add('parallel, partitions not one per copy', 'dispatcher partitions', [threePartitions], (v) => g.parallel(2, pc(), { dispatcher: v as never }));
const broadcast: Bad = [g.broadcastDispatcher(), T, 'a broadcast dispatcher'];
add('parallel ordered, not a demand dispatcher', 'dispatcher', [broadcast], (v) => g.parallel(2, pc(), { ordered: true, dispatcher: v as never }));
add('parallel applied', 'source', SOURCE, (v) => g.parallel(2, pc())(v as never));
add('reduce', 'source', SOURCE, (v) => g.reduce(v as never, (a: number) => a, 0));
add('reduce', 'fn', FUNCTION, (v, s) => g.reduce(s, v as never, 0));
options('reduce', (v, s) => g.reduce(s, (a: number) => a, 0, v as never), DEMAND);
add('forEach', 'fn', FUNCTION, (v, s) => g.forEach(s, v as never));
add('first', 'source', SOURCE, (v) => g.first(v as never));
options('first', (v, s) => g.first(s, v as never), { signal: SIGNAL });
for (const [name, fn] of [['find', g.find], ['some', g.some], ['every', g.every]] as [string, (...args: unknown[]) => unknown][]) {
  add(name, 'pred', FUNCTION, (v, s) => fn(s, v as never));
  options(name, (v, s) => fn(s, () => true, v as never), DEMAND);
}

// genstage/operators
add('setFusion', 'enabled', BOOLEAN, (v) => op.setFusion(v as never));
for (const [name, make] of [['map', op.map], ['filter', op.filter], ['tap', op.tap], ['scan', op.scan], ['takeWhile', op.takeWhile],
  ['skipWhile', op.skipWhile], ['flatMap', op.flatMap], ['concatMap', op.concatMap], ['mergeMap', op.mergeMap], ['catchError', op.catchError], ['finalize', op.finalize]] as const) {
  add(name, name === 'filter' || name.endsWith('While') ? 'pred' : 'fn', FUNCTION, (v) => (make as (f: unknown) => unknown)(v));
  add(`${name} applied`, 'source', SOURCE, (v) => (make as (f: unknown) => g.Operator<number, number>)(same)(v as never));
}
add('takeWhile', 'inclusive', BOOLEAN, (v) => op.takeWhile(() => true, v as never));
add('distinctUntilChanged', 'compare', FUNCTION, (v) => op.distinctUntilChanged(v as never));
add('distinctUntilChanged', 'keySelector', FUNCTION, (v) => op.distinctUntilChanged(undefined, v as never));
add('take', 'n', COUNT_OR_INFINITY, (v) => op.take(v as never));
// A number is mergeMap's concurrency (RxJS's positional form): only other types are refused as its options.
const CONCURRENCY: Bad[] = [[0, R], ...COUNT_OR_INFINITY];
options('mergeMap', (v) => op.mergeMap(same, v as never), { concurrency: CONCURRENCY }, {}, OPTIONS.filter(([v]) => typeof v !== 'number'));
add('mergeMap', 'concurrency', CONCURRENCY.filter(([v]) => typeof v === 'number'), (v) => op.mergeMap(same, v as never));
add('skip', 'n', NATURAL, (v) => op.skip(v as never));
const applied: [string, g.Operator<number, unknown>][] = [
  ['pairwise', op.pairwise()], ['take', op.take(1)], ['skip', op.skip(1)], ['distinctUntilChanged', op.distinctUntilChanged()],
  ['batch', op.batch({ size: 1 })], ['rateLimit', op.rateLimit({ allowed: 1, intervalMs: 1 })], ['buffer', op.buffer({ size: 1 })],
  ['retry', op.retry()], ['timeout', op.timeout({ ms: 1 })],
];
for (const [name, operator] of applied) add(`${name} applied`, 'source', SOURCE, (v) => operator(v as never));
options('batch', (v) => op.batch(v as never), { size: COUNT, timeMs: DURATION }, { size: 2 });
add('batch', 'size', [[undefined, T]], () => op.batch({} as never));
options('rateLimit', (v) => op.rateLimit(v as never), { allowed: COUNT, intervalMs: [[0, R], ...DURATION] }, { allowed: 1, intervalMs: 1 });
options('buffer', (v) => op.buffer(v as never), { size: [[0, R], ...COUNT_OR_INFINITY], keep: KEEP, onDiscard: FUNCTION }, { size: 2 });
// A number is retry's count: only other types are refused as its options.
options('retry', (v) => op.retry(v as never), {
  count: COUNT_OR_INFINITY,
  delayMs: DURATION,
  delay: DURATION.map(([v, e]): Bad => [v, typeof v === 'string' || v === null ? T : e]),
  resetOnSuccess: BOOLEAN,
}, {}, OPTIONS.filter(([v]) => typeof v !== 'number'));
add('retry delay with delayMs', 'delayMs', [[{ delay: 1, delayMs: 2 }, T, '2']], (v) => op.retry(v as never));
add('retry count', 'count', COUNT_OR_INFINITY.filter(([v]) => typeof v === 'number'), (v) => op.retry(v as never));
add('retry applied', 'retry source', [[g.producer({ name: 'Pages' }), T, 'producer stage Pages']], (v) => op.retry(3)(v as never));
// A number is timeout's each: only other types are refused as its options.
options('timeout', (v) => op.timeout(v as never), { ms: DURATION }, { ms: 1 }, OPTIONS.filter(([v]) => typeof v !== 'number'));
options('timeout each', (v) => op.timeout(v as never), { each: DURATION }, { each: 1 }, []);
add('timeout', 'each', [[undefined, T]], () => op.timeout({} as never));
add('timeout each', 'each', DURATION.filter(([v]) => typeof v === 'number'), (v) => op.timeout(v as never));
add('timeout each with ms', 'ms', [[{ each: 1, ms: 2 }, T, '2']], (v) => op.timeout(v as never));

// genstage/rxjs
add('fromObservable', 'observable', [[42, T], ['abc', T], [null, T], [undefined, T], [true, T]], (v) => rx.fromObservable(v as never));
options('fromObservable', (v) => rx.fromObservable([1], v as never), {
  name: NAME,
  dispatcher: DISPATCHER,
  ...BUFFER,
  bufferKeep: [...KEEP, ['errors', R]],
});
// A function is toObservable's factory, called per subscription (its result is checked then).
add('toObservable', 'source', SOURCE.filter(([v]) => typeof v !== 'function'), (v) => rx.toObservable(v as never));
options('toObservable', (v, s) => rx.toObservable(s, v as never), DEMAND);
add('fromRxOperator', 'rxOperator', FUNCTION, (v) => rx.fromRxOperator(v as never));
options('fromRxOperator', (v) => rx.fromRxOperator((o) => o, v as never), { name: NAME, ...DEMAND, ...BUFFER });
add('fromRxOperator applied', 'source', SOURCE, (v) => rx.fromRxOperator((o) => o)(v as never));
add('toRxOperator', 'operator', FUNCTION, (v) => rx.toRxOperator(v as never));
options('toRxOperator', (v) => rx.toRxOperator(pc(), v as never), { name: NAME, ...DEMAND, ...BUFFER });

/** A generator source that records whether it was ever pulled. */
function untouched(): { stage: g.Stage<number>; pulled: () => boolean } {
  let pulled = false;
  function* numbers() {
    pulled = true;
    yield 1;
  }
  const stage = g.from(numbers());
  return { stage, pulled: () => pulled };
}

describe(`bad input: ${cases.length} cases, each refused at once`, () => {
  it.each(cases.map((c) => [`${c.label} ${c.option} = ${show(c.value)}`, c] as const))('%s', async (_name, c) => {
    const { stage, pulled } = untouched();
    let thrown: unknown;
    try {
      const result = c.build(c.value, stage);
      // Refusing by a rejected promise is too late: the call must throw.
      if (result instanceof Promise) await result.catch(() => undefined);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(c.error);
    const message = (thrown as Error).message;
    expect(message).toContain(c.option);
    if (!c.option.startsWith('unknown')) expect(message).toContain(`got ${c.shown}`);
    expect(pulled()).toBe(false);
    expect(stage.stats().subscribers).toBe(0);
  });

  it('producer.write() of a non-iterable rejects (it returns a promise) with a TypeError naming it', async () => {
    await expect(g.producer().write(42 as never)).rejects.toThrow(new TypeError('write: events must be an iterable of events, got 42'));
  });
});
