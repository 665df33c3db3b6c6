// merge(...sources): completion, errors, early exit, demand (never over-pulled), ordering, speed path.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consume, consumerSupervisor, from, merge, openSubscription, pipe, producer, run, toArray } from '../src/index.js';
import { collect, range, settle } from './dispatchers-fixtures.js';
import { allowWarnings, MIXED_DEMANDS } from './warnings.js';

/** An endless generator that records when its `finally` ran. */
function endless(start: number) {
  const state = { released: false };
  async function* gen() {
    try {
      for (let i = start; ; i++) {
        await Promise.resolve();
        yield i;
      }
    } finally {
      state.released = true;
    }
  }
  return { source: gen(), state };
}

/** A producer that records its demands and answers each with that many events from `start`. */
function counting(start: number) {
  const demands: number[] = [];
  let next = start;
  const stage = producer<number>({
    handleDemand: (n) => {
      demands.push(n);
      const events = range(next, n);
      next += n;
      return events;
    },
  });
  return { stage, demands };
}

describe('merge', () => {
  it('emits every event of every source and completes when all completed', async () => {
    const events = await toArray(merge(from([1, 2, 3]), [4, 5], (async function* () { yield 6; })()));
    expect(events.sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('with no source completes at once; with one it is that source', async () => {
    expect(await toArray(merge())).toEqual([]);
    const only = from([1, 2]);
    expect(merge(only)).toBe(only);
  });

  it('refuses anything that is not a source, when built', () => {
    expect(() => merge(from([1]), 3 as never)).toThrow('source 2 must be an Iterable or AsyncIterable, got 3');
    expect(() => merge('abc' as never)).toThrow(TypeError);
  });

  it('keeps each source’s order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(50), { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 20 }), async (sizes, maxDemand) => {
        const sources = sizes.map((size, s) => range(0, size).map((i) => ({ s, i })));
        const got: { s: number; i: number }[] = [];
        await consume(merge(...sources), (batch) => void got.push(...batch), { maxDemand });
        sources.forEach((source, s) => expect(got.filter((e) => e.s === s)).toEqual(source));
      }),
    );
  });

  it('passes a fast source’s batches on while a slow one has nothing', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = (async function* () {
      await gate;
      yield 'slow';
    })();
    const seen: string[] = [];
    const done = consume(merge(from(['a', 'b', 'c']), slow), (batch) => void seen.push(...batch));
    // A loaded machine may spread the fast source over a few turns (fairness yields by the clock too).
    for (let turn = 0; turn < 50 && seen.length < 3; turn++) await settle();
    expect(seen).toEqual(['a', 'b', 'c']);
    release();
    await done;
    expect(seen).toEqual(['a', 'b', 'c', 'slow']);
  });

  it('asks each source as its subscriber would, and no more than its subscriber takes', async () => {
    allowWarnings(MIXED_DEMANDS); // asks of different sizes on one producer, which GenStage warns about
    const [a, b] = [counting(0), counting(100)];
    const sub = openSubscription(merge(a.stage, b.stage), { maxDemand: 3, minDemand: 0 });
    const got = collect(sub);
    sub.ask(2);
    await settle();
    expect(a.demands).toEqual([3]);
    expect(b.demands).toEqual([3]);
    expect(got.events).toHaveLength(2);
    sub.ask(3);
    await settle();
    expect(got.events).toHaveLength(5);
    expect(got.batches.every((batch) => batch.length <= 3)).toBe(true);
    await sub.cancel();
  });

  it('gives each source the demand of a consumerSupervisor subscribed to the merge', async () => {
    const [a, b] = [counting(0), counting(100)];
    const started: number[] = [];
    const stop = new AbortController();
    const done = run(
      pipe(
        merge(a.stage, b.stage),
        consumerSupervisor(2, async (n: number) => {
          started.push(n);
          if (started.length === 6) stop.abort();
          await new Promise<void>((resolve) => setTimeout(resolve, 1));
        }),
      ),
      { signal: stop.signal },
    ).catch(() => undefined);
    await done;
    expect(a.demands[0]).toBe(2);
    expect(b.demands[0]).toBe(2);
  });

  it('fails with a source’s error, the same object, and releases every other source', async () => {
    const boom = new Error('boom');
    const others = [endless(0), endless(100)];
    const failing = (async function* () {
      yield -1;
      throw boom;
    })();
    const error = await toArray(merge(others[0]!.source, failing, others[1]!.source)).catch((e: unknown) => e);
    expect(error).toBe(boom);
    await settle();
    expect(others.map((o) => o.state.released)).toEqual([true, true]);
  });

  it('releases every source when its consumer stops early', async () => {
    const sources = [endless(0), endless(1000)];
    let count = 0;
    for await (const _ of merge(...sources.map((s) => s.source))) if (++count === 10) break;
    expect(sources.map((s) => s.state.released)).toEqual([true, true]);
  });

});
