// genstage, measured from the BUILT package (dist/), the way its README shows. Exports other issues are still
// building are looked up at run time: a missing one prints `n/a (not built yet)` instead of failing the bench.
import { existsSync } from 'node:fs';
// Types from the sources (type-only: nothing is loaded from src/), so type-checking needs no build.
import type * as Genstage from '../../src/index.js';
import type { Operator, Source, Stage } from '../../src/index.js';
import { distUrl } from '../paths.js';
import type { Contender, NotApplicable } from '../types.js';

// Loaded by URL from the project root, so the compiled copy in bench/.build/ measures the same dist/.
const genstage = (await import(distUrl('index.js').href)) as typeof Genstage;
const { consume, from, pipe, producerConsumer, run } = genstage;

/** DESIGN.md §5 names not every build exports yet. */
interface LaterExports {
  consumerSupervisor<A, R>(maxDemand: number, worker: (event: A, ctx: { signal: AbortSignal; attempt: number }) => R | Promise<R>): Operator<A, R>;
  merge<T>(...sources: Source<T>[]): Stage<T>;
  parallel<A, B>(n: number, operator: Operator<A, B>): Operator<A, B>;
}

/** The part of `genstage/operators` the bench uses (RxJS names and argument order). */
interface OperatorExports {
  map<A, B>(project: (value: A) => B): Operator<A, B>;
  filter<A>(predicate: (value: A) => boolean): Operator<A, A>;
  setFusion(enabled: boolean): void;
}

/** The part of `genstage/rxjs` the bench uses. */
interface RxjsBridgeExports {
  toObservable<T>(source: Source<T>): { forEach(next: (value: T) => void): Promise<void> };
  fromObservable<T>(input: unknown, options: { bufferSize: number }): Stage<T>;
}

const later = genstage as unknown as Partial<LaterExports>;

function notBuilt(what: string): NotApplicable {
  return { na: `not built yet: ${what}` };
}

async function loadOperators(): Promise<Partial<OperatorExports> | null> {
  const url = distUrl('operators.js');
  return existsSync(url) ? ((await import(url.href)) as Partial<OperatorExports>) : null;
}

const operators = await loadOperators();

async function loadRxjsBridge(): Promise<Partial<RxjsBridgeExports> | null> {
  const url = distUrl('rxjs.js');
  return existsSync(url) ? ((await import(url.href)) as Partial<RxjsBridgeExports>) : null;
}

const bridge = await loadRxjsBridge();

/** S1 as three producerConsumer stages, each handler mapping its whole batch (each traced when `trace` is given). */
function s1Stages(source: Source<number>, trace?: Genstage.Tracer): Stage<number> {
  const options = trace ? { trace } : {};
  return pipe(
    trace ? from(source, options) : from(source),
    producerConsumer((xs: number[]) => xs.map((x) => x * 2), options),
    producerConsumer((xs: number[]) => xs.filter((x) => x % 3 !== 0), options),
    producerConsumer((xs: number[]) => xs.map((x) => x + 1), options),
  );
}

async function sumBatches(source: Source<number>): Promise<number> {
  let sum = 0;
  await consume(source, (xs) => {
    // A batch's sum in a local, then one write: a number written to a closure's variable is a new heap object
    // on every write once it leaves the small-integer range (and a write barrier), which cost more per event
    // than the whole pipeline. Every peer sums in a local or an accumulator argument too.
    let batch = 0;
    for (let i = 0; i < xs.length; i++) batch += xs[i]!;
    sum += batch;
  });
  return sum;
}

function s1WithOperators(ops: Partial<OperatorExports> | null, fused = true): Contender['S1'] {
  const { map, filter, setFusion } = ops ?? {};
  if (map === undefined || filter === undefined || setFusion === undefined) {
    return notBuilt('map and filter from dist/operators.js (genstage/operators)');
  }
  return async (data) => {
    setFusion(fused);
    try {
      return await sumBatches(from(data).pipe(map((x: number) => x * 2), filter((x: number) => x % 3 !== 0), map((x: number) => x + 1)));
    } finally {
      setFusion(true);
    }
  };
}

/** S1's three stages handed to RxJS through `toObservable`, summed in the Observable's `forEach`. */
function s1ToObservable(): Contender['S1'] {
  const toObservable = bridge?.toObservable;
  if (toObservable === undefined) return notBuilt('toObservable from dist/rxjs.js (genstage/rxjs)');
  return async (data) => {
    let sum = 0;
    await toObservable(s1Stages(data)).forEach((x) => void (sum += x));
    return sum;
  };
}

/** An RxJS Observable of S1's integers taken in through `fromObservable`, then S1's three stages and `consume()`. */
function s1FromObservable(): Contender['S1'] {
  const fromObservable = bridge?.fromObservable;
  if (fromObservable === undefined) return notBuilt('fromObservable from dist/rxjs.js (genstage/rxjs)');
  return async (data) => {
    const { from: rxFrom } = await import('rxjs');
    // A synchronous Observable pushes everything at once: the stage must hold it all (bufferSize Infinity).
    return sumBatches(s1Stages(fromObservable<number>(rxFrom(data), { bufferSize: Infinity })));
  };
}

function s2Supervised(): Contender['S2'] {
  const { consumerSupervisor } = later;
  if (consumerSupervisor === undefined) return notBuilt('consumerSupervisor');
  return (items, work, limit) => sumBatches(pipe(from(items), consumerSupervisor(limit, (x: number) => work(x))));
}

function s3Parallel(): Contender['S3'] {
  const { parallel } = later;
  if (parallel === undefined) return notBuilt('parallel');
  return async (data, shares) => {
    // Each copy parallel() makes gets the next consumer number, so its share can be counted.
    let copies = 0;
    const counted: Operator<number, never> = (source) => {
      const k = copies++;
      return producerConsumer<number, never>((xs) => shares.takeBatch(k, xs))(source);
    };
    await run(pipe(from(data), parallel(shares.consumers, counted)));
  };
}

function s5Merge(): Contender['S5'] {
  const { merge } = later;
  if (merge === undefined) return notBuilt('merge');
  return (sources, tally) => consume(merge(...sources), (xs) => tally.takeBatch(xs));
}

export const contenders: Contender[] = [
  {
    id: 'genstage (consume)',
    kind: 'genstage',
    how: 'S1 `pipe(from(data), producerConsumer ×3)` + `consume()` (handlers map whole batches); S2 `consumerSupervisor(50, work)`; S3 4 `consume()` on one stage (demand dispatcher); S4 `from(generator)` + 2 producerConsumers; S5 `merge(a, b, c, d)`',
    S1: (data) => sumBatches(s1Stages(data)),
    S2: s2Supervised(),
    async S3(data, shares) {
      const stage = from(data);
      await Promise.all(Array.from({ length: shares.consumers }, (_, k) => consume(stage, (xs) => shares.takeBatch(k, xs))));
    },
    async S4(source, sink) {
      const stages = pipe(
        from(source()),
        producerConsumer((xs: number[]) => xs.map((x) => x * 2)),
        producerConsumer((xs: number[]) => xs.map((x) => x + 1)),
      );
      await consume(stages, (xs) => sink.takeBatch(xs));
    },
    S5: s5Merge(),
  },
  {
    id: 'genstage (for await)',
    kind: 'genstage',
    how: 'the same S1 stages, read one event at a time with `for await`',
    async S1(data) {
      let sum = 0;
      for await (const x of s1Stages(data)) sum += x;
      return sum;
    },
  },
  {
    id: 'genstage (operators)',
    kind: 'genstage',
    how: 'S1 `from(data).pipe(map, filter, map)` from genstage/operators + `consume()`',
    S1: s1WithOperators(operators),
  },
  {
    id: 'genstage (operators, unfused)',
    kind: 'genstage',
    how: 'S1 `from(data).pipe(map, filter, map)` with `setFusion(false)`: each operator a stage of its own',
    S1: s1WithOperators(operators, false),
  },
  {
    id: 'genstage (toObservable)',
    kind: 'genstage',
    how: 'S1 `toObservable(producerConsumer ×3)` summed in the RxJS Observable’s `forEach` (genstage/rxjs)',
    S1: s1ToObservable(),
  },
  {
    id: 'genstage (fromObservable)',
    kind: 'genstage',
    how: 'S1 `fromObservable(rxjs.from(data))` (genstage/rxjs) → producerConsumer ×3 → `consume()`',
    S1: s1FromObservable(),
  },
  {
    id: 'genstage (traced)',
    kind: 'genstage',
    how: 'S1 as `genstage (consume)` with a trace listener on every stage counting its events, and `stats()` read after',
    async S1(data) {
      let traced = 0;
      const stages = s1Stages(data, () => void traced++);
      const sum = await sumBatches(stages);
      if (traced === 0 || stages.stats().emitted === 0) throw new Error('the trace or the stats saw nothing');
      return sum;
    },
  },
  {
    id: 'genstage (parallel)',
    kind: 'genstage',
    how: 'S3 `parallel(4, producerConsumer(...))`, each copy counting its events',
    S3: s3Parallel(),
  },
];
