// mergeMap: up to `concurrency` inner sources at once, back-pressured, outputs in arrival order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeMap, take } from '../operators/index.js';
import { consume, from, openSubscription, pipe, producer, toArray, type Producer } from '../src/index.js';
import { counter, tracked } from './helpers.js';
import { allowWarnings, MIXED_DEMANDS } from './warnings.js';

/** Inner producers the test feeds by hand, so the order of arrival is the test's, not a timer's. */
function controlled() {
  const inners: Producer<string>[] = [];
  const fn = (x: number) => {
    const inner = producer<string>({ name: `inner-${x}` });
    inners.push(inner);
    return inner;
  };
  return { inners, fn };
}

/** Inner sources that yield their outer event forever (or, for `fails.x`, 10x once and then fail), noting their close. */
function looping(closed: string[], fails?: { x: number; error: Error }) {
  return async function* (x: number) {
    try {
      if (x === fails?.x) {
        yield 10 * x;
        throw fails.error;
      }
      for (;;) {
        yield x;
        await null;
      }
    } finally {
      closed.push(`inner ${x}`);
    }
  };
}

/** A macrotask later: whatever the stage would do on its own by then, it has done. */
const turn = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('mergeMap', () => {
  it('passes events on in the order they arrive, across inner sources', async () => {
    const { inners, fn } = controlled();
    const subscription = openSubscription(pipe([1, 2], mergeMap(fn, 2)));
    subscription.ask(10);
    await expect.poll(() => inners.length).toBe(2);
    inners[1]!.push(['b1']);
    expect(await subscription.next()).toEqual(['b1']);
    inners[0]!.push(['a1']);
    expect(await subscription.next()).toEqual(['a1']);
    inners[1]!.push(['b2']);
    inners[0]!.end();
    inners[1]!.end();
    expect(await subscription.next()).toEqual(['b2']);
    expect(await subscription.next()).toBeNull();
  });

  it('accepts RxJS\'s positional concurrency and the options form, and flattens every kind of source', async () => {
    const gen = function* (x: number) {
      yield x;
      yield x + 0.5;
    };
    const asyncGen = async function* (x: number) {
      await null;
      yield -x;
    };
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    expect(sorted(await toArray(pipe([1, 2], mergeMap(gen, 2))))).toEqual([1, 1.5, 2, 2.5]);
    expect(sorted(await toArray(pipe([1, 2], mergeMap(asyncGen, { concurrency: 2 }))))).toEqual([-2, -1]);
    expect(sorted(await toArray(pipe([1, 2], mergeMap((x: number) => from([x, x])))))).toEqual([1, 1, 2, 2]);
    expect(await toArray(pipe([1, 2], mergeMap((x: number) => new Set([x]), {})))).toEqual([1, 2]);
  });

  it('gives fn the index of each outer event, and skips empty inner sources', async () => {
    expect(await toArray(pipe(['a', 'b', 'c'], mergeMap((x: string, i) => (i === 1 ? [] : [`${i}${x}`]), 1)))).toEqual(['0a', '2c']);
  });

  it('opens at most `concurrency` inner sources, and the next one only when one ended', async () => {
    const { inners, fn } = controlled();
    const stage = pipe([1, 2, 3, 4, 5], mergeMap(fn, { concurrency: 2 }));
    const subscription = openSubscription(stage);
    subscription.ask(100);
    await expect.poll(() => inners.length).toBe(2);
    expect(stage.stats().inFlight).toBe(2);
    inners[0]!.end();
    await expect.poll(() => inners.length).toBe(3);
    expect(stage.stats().inFlight).toBe(2);
    inners[1]!.end();
    inners[2]!.end();
    await expect.poll(() => inners.length).toBe(5);
    inners[3]!.end();
    inners[4]!.end();
    expect(await subscription.next()).toBeNull();
  });

  it('opens no more inner sources than events are wanted, and asks upstream only for free slots', async () => {
    const { stage: outer, demands } = counter();
    const { inners, fn } = controlled();
    const subscription = openSubscription(pipe(outer, mergeMap((x: number) => fn(x), 8)));
    subscription.ask(3);
    await expect.poll(() => inners.length).toBe(3);
    expect(demands).toEqual([3]);
    inners[0]!.push(['x']);
    expect(await subscription.next()).toEqual(['x']);
    inners[0]!.end();
    await turn();
    // Two events are wanted and two inner sources are open: no new one.
    expect(inners.length).toBe(3);
    await subscription.cancel();
  });

  it('asks its inner sources together for no more events than were asked of it', async () => {
    allowWarnings(MIXED_DEMANDS); // the test asks 4, then 6: GenStage's warning
    let pulled = 0;
    const endless = function* () {
      for (;;) {
        pulled++;
        yield pulled;
      }
    };
    const subscription = openSubscription(pipe([0, 1, 2], mergeMap(endless, 3)));
    subscription.ask(4);
    let got = 0;
    while (got < 4) got += (await subscription.next())!.length;
    await turn();
    expect(pulled).toBe(4);
    subscription.ask(6);
    got = 0;
    while (got < 6) got += (await subscription.next())!.length;
    await turn();
    expect(pulled).toBe(10);
    await subscription.cancel();
  });

  it('fails on an inner error with the same object, after the events before it, and releases everything', async () => {
    const boom = new Error('inner');
    const closed: string[] = [];
    const outer = tracked();
    const inner = looping(closed, { x: 2, error: boom });
    const seen: number[] = [];
    const error = await consume(pipe(outer.syncGen(), mergeMap(inner, 3)), (batch) => void seen.push(...batch)).catch((e: unknown) => e);
    expect(error).toBe(boom);
    expect(seen).toContain(20);
    expect(closed.sort()).toEqual(['inner 0', 'inner 1', 'inner 2']);
    expect(outer.state.finallyRan).toBe(true);
  });

  it('fails when fn throws or returns something not iterable, releasing upstream', async () => {
    const error = await toArray(pipe([1], mergeMap(() => 42 as unknown as number[]))).catch((e: unknown) => e);
    expect(error).toEqual(new TypeError('the result of mergeMap fn must be an Iterable or AsyncIterable, got 42'));
    const boom = new Error('fn');
    let outerClosed = false;
    const outer = function* () {
      try {
        yield 1;
        yield 2;
      } finally {
        outerClosed = true;
      }
    };
    await expect(toArray(pipe(outer(), mergeMap((x: number): number[] => { if (x === 2) throw boom; return [x]; })))).rejects.toBe(boom);
    expect(outerClosed).toBe(true);
  });

  it('releases every inner source and upstream when the consumer leaves (finally blocks run)', async () => {
    const closed: string[] = [];
    const outer = tracked();
    expect(await toArray(pipe(outer.gen(), mergeMap(looping(closed), 2), take(5)))).toHaveLength(5);
    expect(closed.sort()).toEqual(['inner 0', 'inner 1']);
    expect(outer.state.finallyRan).toBe(true);
  });

  it('completes when upstream and every inner source completed', async () => {
    const source = producer<number>();
    const result = toArray(pipe(source, mergeMap((x: number) => [x, x], 2)));
    source.push([1]);
    source.push([2]);
    source.end();
    expect(await result).toEqual([1, 1, 2, 2]);
    expect(await toArray(pipe([], mergeMap((x: number) => [x])))).toEqual([]);
  });

  it('refuses bad arguments when built', () => {
    expect(() => mergeMap(42 as never)).toThrow(new TypeError('fn must be a function, got 42'));
    expect(() => mergeMap((x: number) => [x], 0)).toThrow(new RangeError('concurrency must be an integer >= 1 or Infinity, got 0'));
    expect(() => mergeMap((x: number) => [x], { concurrency: 1.5 })).toThrow(
      new RangeError('concurrency must be an integer >= 1 or Infinity, got 1.5'),
    );
    expect(() => mergeMap((x: number) => [x], { concurrency: '2' as never })).toThrow(
      new TypeError('concurrency must be an integer >= 1 or Infinity, got "2"'),
    );
    expect(() => mergeMap((x: number) => [x], { limit: 2 } as never)).toThrow(
      new TypeError('mergeMap got an unknown option "limit"; known options: concurrency'),
    );
    expect(() => mergeMap((x: number) => [x], 'x' as never)).toThrow(new TypeError('mergeMap options must be an object, got "x"'));
  });
});

// ---- Random inner sources --------------------------------------------------------------------------------------

interface InnerSpec {
  kind: 'sync' | 'async' | 'stage' | 'array';
  length: number;
  fails: boolean;
}

const innerArb: fc.Arbitrary<InnerSpec> = fc.record({
  kind: fc.constantFrom('sync', 'async', 'stage', 'array'),
  length: fc.integer({ min: 0, max: 6 }),
  fails: fc.boolean(),
});

/** Inner sources that count what was pulled from them and how many are open (started, `finally` not run). */
function instrumented(specs: InnerSpec[]) {
  const probe = { open: 0, maxOpen: 0, pulled: 0, errors: new Set<unknown>() };
  const opened = () => {
    probe.open++;
    probe.maxOpen = Math.max(probe.maxOpen, probe.open);
  };
  const events = (i: number) => Array.from({ length: specs[i]!.length }, (_, k) => i * 100 + k);
  function* syncGen(i: number) {
    opened();
    try {
      for (const x of events(i)) {
        probe.pulled++;
        yield x;
      }
      if (specs[i]!.fails) throw error(i);
    } finally {
      probe.open--;
    }
  }
  async function* asyncGen(i: number) {
    opened();
    try {
      for (const x of events(i)) {
        await (x % 2 === 0 ? null : new Promise((resolve) => setTimeout(resolve, 0)));
        probe.pulled++;
        yield x;
      }
      if (specs[i]!.fails) throw error(i);
    } finally {
      probe.open--;
    }
  }
  function error(i: number) {
    const e = new Error(`inner ${i}`);
    probe.errors.add(e);
    return e;
  }
  const fn = (i: number) => {
    const spec = specs[i]!;
    // An array has nothing to count: the stage's empty buffer shows it was not read ahead either.
    if (spec.kind === 'array' && !spec.fails) return events(i);
    if (spec.kind === 'async') return asyncGen(i);
    return spec.kind === 'stage' ? from(syncGen(i)) : syncGen(i);
  };
  return { probe, fn, events };
}

// MERGE_MAP_RUNS=2000 for a deeper search (Node only: the browser run has no process).
const RUNS = Number(globalThis.process?.env.MERGE_MAP_RUNS ?? 150);

describe('mergeMap over random inner sources', () => {
  it('gives the expected events, never pulls more than was asked, and never opens more than `concurrency`', async () => {
    allowWarnings(MIXED_DEMANDS); // the random consumer asks different amounts: GenStage's warning
    await fc.assert(
      fc.asyncProperty(
        fc.array(innerArb, { maxLength: 8 }),
        fc.constantFrom(1, 2, 3, Infinity),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 6 }),
        fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
        async (specs, concurrency, asks, leaveAfter) => {
          const { probe, fn, events } = instrumented(specs);
          const outer = specs.map((_, i) => i);
          const stage = pipe(outer, mergeMap(fn, concurrency));
          const subscription = openSubscription(stage);
          const got: number[] = [];
          let asked = 0;
          let failure: unknown = null;
          let ended = false;
          let left = false;
          for (let round = 0; !ended && !left && failure === null; round++) {
            if (leaveAfter !== undefined && got.length >= leaveAfter) {
              // The consumer leaves: every inner source and the outer one are released.
              await subscription.cancel();
              left = true;
              break;
            }
            const n = asks[round % asks.length]!;
            subscription.ask(n);
            asked += n;
            while (got.length < asked) {
              let batch: readonly number[] | null;
              try {
                batch = await subscription.next();
              } catch (error) {
                failure = error;
                break;
              }
              if (batch === null) {
                ended = true;
                break;
              }
              got.push(...batch);
              expect(probe.pulled).toBeLessThanOrEqual(asked);
              expect(stage.stats().buffered).toBe(0);
            }
          }
          expect(probe.maxOpen).toBeLessThanOrEqual(concurrency);
          expect(probe.open).toBe(0);
          const expected = outer.flatMap(events);
          const byInner = (xs: number[], i: number) => xs.filter((x) => Math.floor(x / 100) === i);
          if (left) {
            expect(probe.open).toBe(0);
          } else if (failure === null) {
            expect(specs.some((s) => s.fails)).toBe(false);
            expect([...got].sort((a, b) => a - b)).toEqual(expected);
          } else {
            expect(probe.errors.has(failure)).toBe(true);
          }
          // Each inner source's events arrive in its order (all of them unless the stage failed or its consumer left).
          for (const i of outer) {
            const mine = byInner(got, i);
            expect(mine).toEqual(events(i).slice(0, mine.length));
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
