// Random pipelines and their model (issue 9). fast-check draws a plain-data spec (printed as is when a property
// fails); `build` turns it into a pipeline and, stage by stage, into the events that pipeline must deliver.
import fc from 'fast-check';
import { map as rxMap } from 'rxjs';
import * as op from '../operators/index.js';
import {
  broadcastDispatcher,
  consumerSupervisor,
  demandDispatcher,
  merge,
  parallel,
  partitionDispatcher,
  pipe,
  producerConsumer,
  type Stage,
} from '../src/index.js';
import { fromRxOperator } from '../src/rxjs/index.js';
import type { Probe } from './reliability-probes.js';
import { source, timed, type Mode } from './reliability-sources.js';

export type Fn = 'id' | 'double' | 'keepEven' | 'dup';
/** A supervisor's worker: doubles; fails once on multiples of 3 (restarted); fails on odd events (dropped). */
export type Worker = 'double' | 'flaky' | 'dropOdd';
/** A producerConsumer's dispatcher: demand, demand shuffling on its first dispatch, or broadcast. */
export type Dispatcher = 'demand' | 'shuffle' | 'broadcast';
export type SourceKind = 'array' | 'syncGen' | 'asyncGen' | 'demand' | 'mixed' | 'push' | 'write' | 'observable';
export type OpName = 'map' | 'filter' | 'tap' | 'flatMap' | 'mergeMap' | 'mapAsync' | 'take' | 'skip' | 'scan' | 'batch' | 'buffer'
  | 'timeout' | 'finalize' | 'catchError' | 'rateLimit' | 'rxMap';

/** `failAt`: the call (pull, handler call, worker event) that throws the probe's error, counted from 0. */
export interface SourceSpec { kind: SourceKind; size: number; mode: Mode; failAt?: number }
export type StepSpec =
  | { kind: 'pc'; fn: Fn; mode: Mode; maxDemand: number; minDemand: number; dispatcher: Dispatcher; failAt?: number }
  | { kind: 'supervisor'; worker: Worker; ordered: boolean; mode: Mode; maxDemand: number; minDemand: number; failAt?: number }
  | { kind: 'parallel'; n: number; ordered: boolean; partition: boolean; fn: Fn; mode: Mode; maxDemand: number; minDemand: number; failAt?: number }
  | { kind: 'op'; name: OpName; n: number };
export interface PipelineSpec { sources: SourceSpec[]; steps: StepSpec[] }

/**
 * What the pipeline must deliver: these events, in this order when `ordered`, else in any order. `broadcast`: the
 * last stage has a broadcast dispatcher, so each of its consumers gets them all (else they share them).
 */
export interface Expected { events: number[]; ordered: boolean; broadcast: boolean }

export const modeArb: fc.Arbitrary<Mode> = fc.oneof(
  { weight: 4, arbitrary: fc.constant('sync' as const) },
  { weight: 3, arbitrary: fc.constant('async' as const) },
  { weight: 2, arbitrary: fc.constant('micro' as const) },
  { weight: 1, arbitrary: fc.constant('timer' as const) },
);
export const demandArb = fc
  .integer({ min: 1, max: 12 })
  .chain((maxDemand) => fc.record({ maxDemand: fc.constant(maxDemand), minDemand: fc.integer({ min: 0, max: maxDemand - 1 }) }));
const fnArb = fc.constantFrom<Fn>('id', 'double', 'keepEven', 'dup');
const DISPATCHERS: Dispatcher[] = ['demand', 'shuffle', 'broadcast'];
const WORKERS: Worker[] = ['double', 'flaky', 'dropOdd'];
const sourceArb: fc.Arbitrary<SourceSpec> = fc.record({
  kind: fc.constantFrom<SourceKind>('array', 'syncGen', 'asyncGen', 'demand', 'mixed', 'push', 'write', 'observable'),
  size: fc.integer({ min: 0, max: 30 }),
  mode: modeArb,
});
const SAFE_OPS: OpName[] = [
  'map', 'filter', 'tap', 'flatMap', 'mergeMap', 'mapAsync', 'skip', 'scan', 'batch', 'buffer', 'timeout', 'finalize', 'rateLimit', 'rxMap',
];

/** Steps of every kind; `early` adds the operators that end a pipeline early or hide an error (take, catchError). */
export function stepArb(early: boolean): fc.Arbitrary<StepSpec> {
  const names = early ? [...SAFE_OPS, 'take', 'catchError'] : SAFE_OPS;
  const withDemand = <S extends object>(step: fc.Arbitrary<S>) => step.chain((s) => demandArb.map((d) => ({ ...s, ...d })));
  const pc = fc.record({ kind: fc.constant('pc' as const), fn: fnArb, mode: modeArb, dispatcher: fc.constantFrom(...DISPATCHERS) });
  const supervisor = fc.record({
    kind: fc.constant('supervisor' as const),
    worker: fc.constantFrom(...WORKERS),
    ordered: fc.boolean(),
    mode: modeArb,
  });
  const parallel = fc.record({
    kind: fc.constant('parallel' as const),
    n: fc.integer({ min: 1, max: 3 }),
    ordered: fc.boolean(),
    partition: fc.boolean(),
    fn: fnArb,
    mode: modeArb,
  });
  const operator = fc.record({ kind: fc.constant('op' as const), name: fc.constantFrom(...(names as OpName[])), n: fc.integer({ min: 1, max: 8 }) });
  return fc.oneof(
    withDemand(pc),
    withDemand(supervisor),
    // A partition dispatcher cannot keep input order: ordered parallel takes the demand dispatcher.
    withDemand(parallel).map((s) => ({ ...s, partition: s.partition && !s.ordered })),
    operator,
  );
}

export function pipelineArb(early = false): fc.Arbitrary<PipelineSpec> {
  return fc.record({
    sources: fc.array(sourceArb, { minLength: 1, maxLength: 3 }),
    steps: fc.array(stepArb(early), { maxLength: 4 }),
  });
}

/** Puts one injected failure on the `where`-th place that can fail (a source other than an array, or a step). */
export function withFailure(spec: PipelineSpec, where: number, at: number): PipelineSpec {
  const places: (SourceSpec | StepSpec)[] = [
    ...spec.sources.filter((s) => s.kind !== 'array'),
    ...spec.steps.filter((s) => s.kind !== 'op'),
  ];
  if (places.length === 0) return spec;
  const target = places[where % places.length]!;
  // A supervisor's own worker failures (flaky, dropOdd) would use up its restarts: its failing worker does nothing else.
  const failing = target.kind === 'supervisor' ? { failAt: at, worker: 'double' } : { failAt: at };
  const copy = (x: SourceSpec | StepSpec) => (x === target ? { ...x, ...failing } : x);
  return { sources: spec.sources.map(copy) as SourceSpec[], steps: spec.steps.map(copy) as StepSpec[] };
}

export function applyFn(fn: Fn, xs: readonly number[]): number[] {
  if (fn === 'double') return xs.map((x) => x * 2);
  if (fn === 'keepEven') return xs.filter((x) => x % 2 === 0);
  if (fn === 'dup') return xs.flatMap((x) => [x, x]);
  return xs.slice();
}

/** Builds the pipeline a spec describes, and the model of what it delivers. */
export function build(spec: PipelineSpec, probe: Probe): { stage: Stage<number>; expected: Expected } {
  const sources = spec.sources.map((s, i) => {
    const items = Array.from({ length: s.size }, (_, j) => i * 1000 + j);
    return { stage: source(s, items, probe, `source ${i} (${s.kind})`), items };
  });
  let stage = sources.length === 1 ? sources[0]!.stage : merge(...sources.map((s) => s.stage));
  let expected: Expected = { events: sources.flatMap((s) => s.items), ordered: sources.length === 1, broadcast: false };
  for (const step of spec.steps) {
    const before = stage;
    [stage, expected] = addStep(stage, expected, step, probe);
    if (stage !== before) expected.broadcast = step.kind === 'pc' && step.dispatcher === 'broadcast';
  }
  return { stage, expected };
}

function addStep(stage: Stage<number>, expected: Expected, step: StepSpec, probe: Probe): [Stage<number>, Expected] {
  switch (step.kind) {
    case 'pc': {
      const dispatcher = {
        dispatcher:
          step.dispatcher === 'broadcast'
            ? broadcastDispatcher<number>()
            : demandDispatcher<number>({ shuffleDemandsOnFirstDispatch: step.dispatcher === 'shuffle' }),
      };
      const handler = batchHandler(step.fn, step.mode, step.failAt, probe);
      // It handles one upstream batch (at most maxDemand events) only while its subscribers want events: it
      // never holds more than that batch's output.
      const bound = step.maxDemand * (step.fn === 'dup' ? 2 : 1);
      const watched = (xs: number[]) => (probe.holds(next, bound), handler(xs));
      const next: Stage<number> = pipe(stage, producerConsumer(watched, { maxDemand: step.maxDemand, minDemand: step.minDemand, ...dispatcher }));
      return [next, { ...expected, events: applyFn(step.fn, expected.events) }];
    }
    case 'supervisor':
      return [pipe(stage, supervisor(step, probe)), supervised(step, expected)];
    case 'parallel': {
      const inner = producerConsumer(batchHandler(step.fn, step.mode, step.failAt, probe), { maxDemand: step.maxDemand, minDemand: step.minDemand });
      const dispatcher = step.partition ? { dispatcher: partitionDispatcher<number>({ partitions: step.n }) } : {};
      const next = pipe(stage, parallel(step.n, inner, { ordered: step.ordered, ...dispatcher }));
      return [next, { ...expected, events: applyFn(step.fn, expected.events), ordered: expected.ordered && step.ordered }];
    }
    case 'op':
      return operator(stage, expected, step.name, step.n, probe);
  }
}

function batchHandler(fn: Fn, mode: Mode, failAt: number | undefined, probe: Probe) {
  let calls = 0;
  return (xs: number[]) => {
    probe.activity++;
    const call = calls++;
    return timed(mode, () => (call === failAt ? probe.fail() : applyFn(fn, xs)));
  };
}

function supervisor(step: Extract<StepSpec, { kind: 'supervisor' }>, probe: Probe) {
  let running = 0;
  let started = 0;
  const doomed = new Set<number>();
  const work = (x: number, attempt: number): number => {
    if (doomed.has(x)) probe.fail();
    if (step.worker === 'flaky' && attempt === 1 && x % 3 === 0) throw new Error(`flaky ${x}`);
    if (step.worker === 'dropOdd' && x % 2 === 1) throw new Error(`odd ${x}`);
    return x * 2;
  };
  const worker = (x: number, { attempt }: { attempt: number }) => {
    probe.activity++;
    if (attempt === 1 && started++ === step.failAt) doomed.add(x);
    if (++running > step.maxDemand) probe.violations.push(`${running} workers running, maxDemand ${step.maxDemand}`);
    let result: number | Promise<number>;
    try {
      result = timed(step.mode, () => work(x, attempt));
    } catch (error) {
      running--;
      throw error;
    }
    if (typeof result === 'number') running--;
    else result = result.finally(() => running--);
    return result;
  };
  return consumerSupervisor(step.maxDemand, worker, {
    minDemand: step.minDemand,
    ordered: step.ordered,
    restart: step.worker === 'dropOdd' ? 'temporary' : 'transient',
    maxRestarts: step.failAt === undefined ? 1_000_000 : 2,
    onError: () => undefined,
  });
}

function supervised(step: Extract<StepSpec, { kind: 'supervisor' }>, expected: Expected): Expected {
  const kept = step.worker === 'dropOdd' ? expected.events.filter((x) => x % 2 === 0) : expected.events;
  return { ...expected, events: kept.map((x) => x * 2), ordered: expected.ordered && step.ordered };
}

// Operators whose output depends on the order of their input (take, skip, scan) are left out of unordered paths.
function operator(stage: Stage<number>, expected: Expected, name: OpName, n: number, probe: Probe): [Stage<number>, Expected] {
  const events = expected.events;
  const same = (next: Stage<number>): [Stage<number>, Expected] => [next, { ...expected }];
  const to = (next: Stage<number>, out: number[]): [Stage<number>, Expected] => [next, { ...expected, events: out }];
  switch (name) {
    case 'map':
      return to(pipe(stage, op.map((x: number) => x * 2)), applyFn('double', events));
    case 'mapAsync':
      return to(pipe(stage, op.map(async (x: number) => x * 2)), applyFn('double', events));
    case 'rxMap':
      return to(pipe(stage, fromRxOperator(rxMap((x: number) => x * 2))), applyFn('double', events));
    case 'filter':
      return to(pipe(stage, op.filter((x: number) => x % 2 === 0)), applyFn('keepEven', events));
    case 'flatMap':
      return to(pipe(stage, op.flatMap((x: number) => [x, x])), applyFn('dup', events));
    case 'mergeMap': {
      // Up to n inner sources at once, sync and async mixed: their events interleave unless n is 1.
      const inner = (x: number) => (x % 2 === 0 ? [x, x] : pairLater(x));
      const out: Expected = { ...expected, events: applyFn('dup', events), ordered: expected.ordered && n === 1 };
      return [pipe(stage, op.mergeMap(inner, n)), out];
    }
    case 'tap':
      return same(pipe(stage, op.tap(() => void probe.activity++)));
    case 'batch':
      return same(pipe(stage, op.batch<number>({ size: n }), op.flatMap((xs: number[]) => xs)));
    case 'buffer':
      return same(pipe(stage, op.buffer({ size: n })));
    case 'timeout':
      return same(pipe(stage, op.timeout({ ms: 60_000 })));
    case 'rateLimit':
      return same(pipe(stage, op.rateLimit({ allowed: 10_000, intervalMs: 1 })));
    case 'catchError':
      return same(pipe(stage, op.catchError(() => [])));
    case 'finalize': {
      const finalizer = probe.finalizer();
      return same(pipe(stage, op.finalize(() => void finalizer.ran++)));
    }
    default:
      if (!expected.ordered) return same(stage);
      if (name === 'take') return to(pipe(stage, op.take(n)), events.slice(0, n));
      if (name === 'skip') return to(pipe(stage, op.skip(n)), events.slice(n));
      return to(pipe(stage, op.scan((sum: number, x: number) => sum + x, 0)), runningSums(events));
  }
}

async function* pairLater(x: number): AsyncGenerator<number> {
  await null;
  yield x;
  await null;
  yield x;
}

function runningSums(xs: readonly number[]): number[] {
  let sum = 0;
  return xs.map((x) => (sum += x));
}
