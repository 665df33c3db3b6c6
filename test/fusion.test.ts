// Fusion: adjacent per-event operators run as one stage, one pass over each batch, with the same results as
// unfused stages and as plain array code.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  distinctUntilChanged,
  filter,
  flatMap,
  map,
  pairwise,
  scan,
  setFusion,
  skip,
  skipWhile,
  take,
  takeWhile,
  tap,
} from '../operators/index.js';
import { consume, from, pipe, producer, toArray, type Operator, type Source, type Stage } from '../src/index.js';
import { pipelineGraph } from '../src/observation/inspect.js';

afterEach(() => setFusion(true));

describe('fused stages', () => {
  it('adjacent per-event operators make one stage over the original upstream', async () => {
    const source = from([1, 2, 3, 4]);
    const stage = pipe(source, map((x: number) => x * 2), filter((x) => x > 2), tap(() => undefined));
    expect(stage.kind).toBe('map+filter+tap');
    expect(pipelineGraph(stage).map((node) => node.stage)).toEqual([source, stage]);
    expect(await toArray(stage)).toEqual([4, 6, 8]);
  });

  it('leaves the absorbed stage unstarted; subscribed later, it shares the upstream as a second consumer', async () => {
    const source = producer<number>();
    const doubled = pipe(source, map((x: number) => x * 2));
    const big = pipe(doubled, filter((x) => x > 4));
    const bigEvents = toArray(big);
    expect(doubled.stats().subscribers).toBe(0);
    expect(doubled.stats().received).toBe(0);
    source.push([1, 2, 3]);
    const doubledEvents = toArray(doubled);
    source.push([4, 5]);
    source.end();
    const [b, d] = await Promise.all([bigEvents, doubledEvents]);
    // Each upstream event reaches exactly one of the two consumers.
    expect(b).toEqual([6]);
    expect(d).toEqual([8, 10]);
  });

  it('does not absorb a stage that already started', async () => {
    const source = producer<number>();
    const doubled = pipe(source, map((x: number) => x * 2));
    const first = toArray(doubled);
    const plusOne = pipe(doubled, map((x) => x + 1));
    expect(plusOne.kind).toBe('map');
    source.push([1, 2]);
    source.end();
    const second = await toArray(plusOne);
    expect([...(await first), ...second].length).toBe(2);
  });

  it('setFusion(false) makes one stage per operator, with the same results', async () => {
    setFusion(false);
    const stage = pipe([1, 2, 3, 4], map((x: number) => x * 2), filter((x) => x > 2));
    expect(stage.kind).toBe('filter');
    expect(pipelineGraph(stage)).toHaveLength(3);
    expect(await toArray(stage)).toEqual([4, 6, 8]);
  });

  it('a sync pipeline over an array runs with no promise per event: consume sees whole batches', async () => {
    const sizes: number[] = [];
    await consume(pipe(from(Array.from({ length: 2000 }, (_, i) => i)), map((x: number) => x + 1), filter(() => true)), (batch) =>
      void sizes.push(batch.length),
    );
    expect(sizes.every((size) => size >= 500)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(2000);
  });

  it('an async map inside a fused chain is awaited in order and the steps after it still run', async () => {
    const seen: number[] = [];
    const stage = pipe(
      [1, 2, 3, 4, 5],
      filter((x: number) => x !== 2),
      map(async (x) => x * 10),
      tap((x) => void seen.push(x)),
      take(3),
    );
    expect(stage.kind).toBe('filter+map+tap+take');
    expect(await toArray(stage)).toEqual([10, 30, 40]);
    expect(seen).toEqual([10, 30, 40]);
  });

  it('rejects a non-boolean setFusion', () => {
    expect(() => setFusion('no' as unknown as boolean)).toThrow(new TypeError('enabled must be a boolean, got "no"'));
  });
});

// The property: random chains of per-event operators give the same events fused, unfused, and as array code.
interface Op {
  label: string;
  operator(): Operator<number, number>;
  model(xs: number[]): number[];
}

function takeWhileModel(xs: number[], pred: (x: number) => boolean): number[] {
  const i = xs.findIndex((x) => !pred(x));
  return i < 0 ? xs : xs.slice(0, i);
}

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  fc.integer({ min: 1, max: 9 }).map((k): Op => ({
    label: `map(*${k})`,
    operator: () => map((x: number) => (x * k) % 101),
    model: (xs) => xs.map((x) => (x * k) % 101),
  })),
  {
    weight: 3,
    arbitrary: fc.integer({ min: 1, max: 9 }).map((k): Op => ({
      label: `asyncMap(+${k})`,
      operator: () => map((x: number) => (x % 3 === 0 ? Promise.resolve(x + k) : x + k)),
      model: (xs) => xs.map((x) => x + k),
    })),
  },
  fc.integer({ min: 2, max: 5 }).map((m): Op => ({
    label: `filter(%${m})`,
    operator: () => filter((x: number) => x % m !== 0),
    model: (xs) => xs.filter((x) => x % m !== 0),
  })),
  fc.constant<Op>({ label: 'tap', operator: () => tap(() => undefined), model: (xs) => xs }),
  fc.integer({ min: 0, max: 50 }).map((seed): Op => ({
    label: `scan(${seed})`,
    operator: () => scan((a: number, x: number) => (a + x) % 997, seed),
    model: (xs) => {
      let a = seed;
      return xs.map((x) => (a = (a + x) % 997));
    },
  })),
  {
    weight: 3,
    arbitrary: fc.integer({ min: 0, max: 20 }).map((n): Op => ({ label: `take(${n})`, operator: () => take(n), model: (xs) => xs.slice(0, n) })),
  },
  fc.integer({ min: 0, max: 20 }).map((n): Op => ({ label: `skip(${n})`, operator: () => skip(n), model: (xs) => xs.slice(n) })),
  fc.integer({ min: 0, max: 100 }).map((t): Op => ({
    label: `takeWhile(<${t})`,
    operator: () => takeWhile((x: number) => x < t),
    model: (xs) => takeWhileModel(xs, (x) => x < t),
  })),
  fc.integer({ min: 0, max: 100 }).map((t): Op => ({
    label: `skipWhile(<${t})`,
    operator: () => skipWhile((x: number) => x < t),
    model: (xs) => xs.slice(takeWhileModel(xs, (x) => x < t).length),
  })),
  fc.constant<Op>({
    label: 'distinctUntilChanged(%3)',
    operator: () => distinctUntilChanged((a: number, b: number) => a % 3 === b % 3),
    model: (xs) => {
      // Compared with the last event passed on, as RxJS does.
      const kept: number[] = [];
      for (const x of xs) if (kept.length === 0 || kept[kept.length - 1]! % 3 !== x % 3) kept.push(x);
      return kept;
    },
  }),
  fc.constant<Op>({
    label: 'pairwise',
    operator: () => (source: Source<number>) => pipe(source, pairwise<number>(), map(([a, b]) => a * 2 + b)),
    model: (xs) => xs.slice(1).map((x, i) => xs[i]! * 2 + x),
  }),
);

function build(source: Source<number>, ops: Op[]): Stage<number> {
  return ops.reduce<Stage<number>>((stage, op) => pipe(stage, op.operator()), from(source));
}

describe('fusion property', () => {
  it('random chains give the same events fused, unfused and as array code', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 300, size: 'medium' }),
        fc.array(opArbitrary, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 50 }),
        fc.boolean(),
        async (items, ops, maxDemand, asGenerator) => {
          const expected = ops.reduce((xs, op) => op.model(xs), items);
          const source = () => (asGenerator ? items.values() : items);
          const run = async (fused: boolean) => {
            setFusion(fused);
            const stage = build(source(), ops);
            setFusion(true);
            const out: number[] = [];
            await consume(stage, (batch) => void out.push(...batch), { maxDemand });
            return out;
          };
          expect(await run(true)).toEqual(expected);
          expect(await run(false)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('fused and unfused chains deliver the same events before a throwing step, then its error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.array(opArbitrary, { maxLength: 4 }), async (at, ops) => {
        const boom = new Error('boom');
        const throwing: Op = {
          label: 'throw',
          operator: () => map((x: number) => {
            if (x === at) throw boom;
            return x;
          }),
          model: (xs) => xs,
        };
        const items = Array.from({ length: 50 }, (_, i) => i);
        const outcome = async (fused: boolean) => {
          setFusion(fused);
          const stage = build(items, [throwing, ...ops]);
          setFusion(true);
          const out: number[] = [];
          const error = await consume(stage, (batch) => void out.push(...batch)).catch((e: unknown) => e);
          return { out, error };
        };
        const fused = await outcome(true);
        const unfused = await outcome(false);
        // The error arrives unless a take or takeWhile completed before the throwing event.
        expect([boom, undefined]).toContain(fused.error);
        expect(unfused.error).toBe(fused.error);
        expect(fused.out).toEqual(unfused.out);
        expect(fused.out).toEqual(ops.reduce((xs, op) => op.model(xs), items.slice(0, at)));
      }),
      { numRuns: 100 },
    );
  });

  it('flatMap between fused chains keeps them apart and the results whole', async () => {
    const stage = pipe(
      [1, 2, 3],
      map((x: number) => x * 2),
      flatMap((x) => [x, x + 1]),
      filter((x) => x % 3 !== 0),
    );
    expect(await toArray(stage)).toEqual([2, 4, 5, 7]);
  });
});
