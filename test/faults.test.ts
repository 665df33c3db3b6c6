// Faults and their documented outcomes (issue 9): failing sources and handlers, double end/fail,
// re-entrant calls. Each outcome: the error reaches the consumer once, as the same object; nothing leaks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consume, from, openSubscription, pipe, producer, producerConsumer, toArray, type Stage } from '../src/index.js';
import { sleep } from './helpers.js';

function failingSource(failAt: number, error: unknown, kind: 'sync' | 'async') {
  const state = { finallyRan: false };
  const body = function* () {
    try {
      for (let i = 0; ; i++) {
        if (i === failAt) throw error;
        yield i;
      }
    } finally {
      state.finallyRan = true;
    }
  };
  const source = kind === 'sync' ? body() : (async function* () { yield* body(); })();
  return { source, state };
}

describe('a source that throws', () => {
  it.each(['sync', 'async'] as const)('on its first pull (%s): the error arrives once, nothing before it', async (kind) => {
    const boom = new Error('first pull');
    const { source } = failingSource(0, boom, kind);
    const seen: number[] = [];
    let errors = 0;
    await consume(pipe(from(source), producerConsumer((xs: number[]) => xs)), (xs) => void seen.push(...xs)).catch((e) => {
      errors++;
      expect(e).toBe(boom);
    });
    expect(errors).toBe(1);
    expect(seen).toEqual([]);
  });

  it('on its Nth pull: every event before it is delivered, then the error (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 300 }),
        fc.constantFrom('sync' as const, 'async' as const),
        fc.integer({ min: 1, max: 50 }),
        async (failAt, kind, maxDemand) => {
          const boom = new Error(`pull ${failAt}`);
          const { source } = failingSource(failAt, boom, kind);
          const seen: number[] = [];
          const outcome = await consume(from(source), (xs) => void seen.push(...xs), { maxDemand }).then(
            () => 'completed',
            (e: unknown) => e,
          );
          expect(outcome).toBe(boom);
          expect(seen).toEqual(Array.from({ length: failAt }, (_, i) => i));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('a handler that fails', () => {
  it('throwing synchronously, in the middle of a pipeline: the same object, upstream released', async () => {
    let finallyRan = false;
    function* source() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        finallyRan = true;
      }
    }
    const boom = new RangeError('sync');
    const failing = producerConsumer((xs: number[]) => {
      if (xs[0]! >= 500) throw boom;
      return xs;
    });
    await expect(toArray(pipe(from(source()), failing, producerConsumer((xs: number[]) => xs)))).rejects.toBe(boom);
    await sleep(1);
    expect(finallyRan).toBe(true);
  });

  it('rejecting with a non-Error value: passed on unchanged', async () => {
    const reason = 'just a string';
    await expect(toArray(pipe([1, 2], producerConsumer(() => Promise.reject(reason))))).rejects.toBe(reason);
  });

  it('returning a non-iterable: a TypeError naming the stage', async () => {
    const bad = producerConsumer(() => 42 as never, { name: 'Bad' });
    await expect(toArray(pipe([1], bad))).rejects.toThrow(/handleEvents of Bad must return an iterable of events, got 42/);
  });

  it('a consumer aborting while a handler runs: the handler finishes, its output is dropped, nothing leaks', async () => {
    const controller = new AbortController();
    let handled = 0;
    const slow = producerConsumer(async (xs: number[]) => {
      controller.abort();
      await sleep(5);
      handled++;
      return xs;
    });
    const outcome = await consume(pipe([1, 2, 3], slow), () => {}, { signal: controller.signal }).catch((e: unknown) => e);
    expect(outcome).toBe(controller.signal.reason);
    await sleep(10);
    expect(handled).toBe(1);
  });
});

describe('end() and fail() called twice or after each other', () => {
  it('end(); end(): one completion', async () => {
    const stage = producer<number>();
    stage.push([1]);
    stage.end();
    stage.end();
    expect(await toArray(stage)).toEqual([1]);
  });

  it('fail(a); fail(b): the first error wins', async () => {
    const stage = producer<number>();
    const a = new Error('a');
    stage.fail(a);
    stage.fail(new Error('b'));
    await expect(toArray(stage)).rejects.toBe(a);
  });

  it('fail() then end(): stays failed', async () => {
    const stage = producer<number>();
    const a = new Error('a');
    stage.fail(a);
    stage.end();
    await expect(toArray(stage)).rejects.toBe(a);
  });
});

describe('re-entrant calls', () => {
  it('subscribing to a stage from inside a handler of another consumer of it', async () => {
    const stage = producer<number>();
    const inner: Promise<number[]>[] = [];
    const outer = consume(stage.subscribe({ maxDemand: 1, minDemand: 0 }), (xs) => {
      if (xs[0] === 1) inner.push(toArray(stage.subscribe({ maxDemand: 1, minDemand: 0 })));
    });
    stage.push([1, 2, 3, 4]);
    await sleep(1);
    stage.end();
    await outer;
    const second = await inner[0]!;
    // The two consumers shared the events: each event went to exactly one of them.
    expect(second.length).toBeGreaterThan(0);
    expect(second.every((x) => x > 1)).toBe(true);
  });

  it('ending a producer from inside handleDemand', async () => {
    const stage: Stage<number> & { end(): void } = producer<number>({
      handleDemand() {
        stage.end();
        return [1, 2];
      },
    });
    expect(await toArray(stage)).toEqual([1, 2]);
  });

  it('cancelling a subscription twice, or after the end, is harmless', async () => {
    const subscription = openSubscription(from([1]));
    subscription.ask(5);
    expect(subscription.next()).toEqual([1]);
    expect(await subscription.next()).toBeNull();
    await subscription.cancel();
    await subscription.cancel();
  });
});

describe('fairness', () => {
  it('a consumer of an endless synchronous source still lets an abort timer in', async () => {
    function* endless() {
      for (let i = 0; ; i++) yield i;
    }
    let consumed = 0;
    const outcome = await consume(from(endless()), (xs) => void (consumed += xs.length), { signal: AbortSignal.timeout(20) }).catch(
      (e: unknown) => e,
    );
    expect(outcome).toMatchObject({ name: 'TimeoutError' });
    expect(consumed).toBeGreaterThan(0);
  });

  it('for await over an endless synchronous source lets a timer in', async () => {
    function* endless() {
      for (let i = 0; ; i++) yield i;
    }
    let fired = false;
    setTimeout(() => (fired = true), 5);
    for await (const _x of from(endless())) if (fired) break;
    expect(fired).toBe(true);
  });

  it('consumers sharing a synchronous source take turns', async () => {
    const items = Array.from({ length: 200_000 }, (_, i) => i);
    const stage = from(items);
    const counts = [0, 0, 0, 0];
    await Promise.all(counts.map((_, i) => consume(stage, (xs) => void (counts[i]! += xs.length))));
    expect(counts.reduce((a, b) => a + b)).toBe(items.length);
    // None starves: an even share is a quarter; a loaded machine skews the turns, never to nothing.
    for (const count of counts) expect(count).toBeGreaterThan(items.length / 16);
  });
});
