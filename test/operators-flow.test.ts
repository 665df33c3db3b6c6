// Flow and error operators: buffer, catchError, retry, finalize.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { batch, buffer, catchError, finalize, map, prefetch, retry } from '../operators/index.js';
import { consume, from, openSubscription, pipe, producer, toArray } from '../src/index.js';
import { counter, range, sleep } from './helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('buffer', () => {
  it("passes each event on unchanged (not RxJS's buffer, which emits arrays: that is batch); prefetch is the same operator", async () => {
    expect(prefetch).toBe(buffer);
    expect(await toArray(pipe([1, 2, 3], buffer({ size: 2 })))).toEqual([1, 2, 3]);
    expect(await toArray(pipe([1, 2, 3], batch({ size: 2 })))).toEqual([[1, 2], [3]]);
  });

  it("'block' prefetches up to size events before anyone asks, then asks only for the room made", async () => {
    const { stage, demands } = counter();
    const buffered = pipe(stage, buffer({ size: 5 }));
    const subscription = openSubscription(buffered);
    expect(demands).toEqual([5]);
    expect(buffered.stats().buffered).toBe(5);
    subscription.ask(2);
    expect(await subscription.next()).toEqual([0, 1]);
    expect(demands).toEqual([5, 2]);
    expect(buffered.stats().buffered).toBe(5);
    await subscription.cancel();
  });

  it("'block' loses nothing with a slow consumer", async () => {
    const { stage } = counter({ limit: 200, messageSize: 7 });
    const seen: number[] = [];
    const buffered = pipe(stage, buffer({ size: 10 }));
    await consume(buffered, async (batch) => {
      seen.push(...batch);
      await sleep(0);
    }, { maxDemand: 3 });
    expect(seen).toEqual(range(0, 199));
    expect(buffered.stats().discarded).toBe(0);
  });

  it("'last' keeps pulling while nobody reads and keeps the newest events", async () => {
    const source = producer<number>();
    const discards: number[] = [];
    const latest = pipe(source, buffer({ size: 2, keep: 'last', onDiscard: (n) => discards.push(n) }));
    const subscription = openSubscription(latest);
    source.push([1, 2, 3, 4, 5]);
    await vi.waitFor(() => expect(latest.stats().received).toBe(5)); // it pulled all, however long that takes
    subscription.ask(10);
    expect(await subscription.next()).toEqual([4, 5]);
    expect(latest.stats().discarded).toBe(3);
    expect(discards.reduce((a, b) => a + b, 0)).toBe(3);
    await subscription.cancel();
  });

  it("'first' keeps the oldest events and drops new ones while full", async () => {
    const source = producer<number>();
    const oldest = pipe(source, buffer({ size: 2, keep: 'first' }));
    const subscription = openSubscription(oldest);
    source.push([1, 2, 3, 4, 5]);
    await vi.waitFor(() => expect(oldest.stats().received).toBe(5));
    subscription.ask(10);
    expect(await subscription.next()).toEqual([1, 2]);
    expect(oldest.stats().discarded).toBe(3);
    await subscription.cancel();
  });

  it.each(['last', 'block'] as const)("'%s' with no bound lets the event loop run over an endless sync source", async (keep) => {
    let finallyRan = false;
    function* endless() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        finallyRan = true;
      }
    }
    const buffered = pipe(endless(), buffer({ size: keep === 'block' ? Infinity : 5000, keep }));
    const subscription = openSubscription(buffered);
    await sleep(5);
    expect(buffered.stats().buffered).toBeGreaterThan(0);
    subscription.ask(3);
    expect(await subscription.next()).toEqual([0, 1, 2].map((x) => (keep === 'block' ? x : expect.any(Number))));
    await subscription.cancel();
    expect(finallyRan).toBe(true);
  });

  it('passes events through in order and completes', async () => {
    expect(await toArray(pipe(range(1, 2500), buffer({ size: 100 })))).toEqual(range(1, 2500));
    expect(await toArray(pipe([], buffer({ size: 1 })))).toEqual([]);
  });
});

describe('catchError', () => {
  function failingAfter<T>(events: T[], error: unknown) {
    return (function* () {
      yield* events;
      throw error;
    })();
  }

  it('delivers the events before the error, then switches to the fallback', async () => {
    const boom = new Error('boom');
    let caught: unknown;
    const stage = pipe(failingAfter([1, 2], boom), catchError((error) => {
      caught = error;
      return [9, 10];
    }));
    expect(await toArray(stage)).toEqual([1, 2, 9, 10]);
    expect(caught).toBe(boom);
  });

  it('passes events through untouched when nothing fails', async () => {
    expect(await toArray(pipe(range(1, 3), catchError(() => [0])))).toEqual([1, 2, 3]);
  });

  it("fails with the fallback's own error, or with what fn throws", async () => {
    const second = new Error('second');
    const viaFallback = pipe(failingAfter([1], new Error('first')), catchError(() => failingAfter([2], second)));
    await expect(toArray(viaFallback)).rejects.toBe(second);
    const rethrown = new Error('rethrown');
    const viaFn = pipe(failingAfter([1], new Error('first')), catchError(() => {
      throw rethrown;
    }));
    await expect(toArray(viaFn)).rejects.toBe(rethrown);
  });

  it('fails with a clear TypeError when fn returns something not iterable', async () => {
    const stage = pipe(failingAfter([1], new Error('x')), catchError(() => 5 as unknown as number[]));
    await expect(toArray(stage)).rejects.toEqual(new TypeError('the result of catchError fn must be an Iterable or AsyncIterable, got 5'));
  });
});

describe('retry', () => {
  // Each iteration starts over: a re-subscribable source that fails its first `failures` runs.
  function flaky(failures: number) {
    const state = { runs: 0, errors: [] as Error[] };
    const source = {
      *[Symbol.iterator]() {
        state.runs++;
        yield state.runs * 10;
        if (state.runs <= failures) {
          const error = new Error(`run ${state.runs}`);
          state.errors.push(error);
          throw error;
        }
        yield 99;
      },
    };
    return { state, source };
  }

  it('subscribes again from the start after an error; delivered events stay delivered', async () => {
    const { state, source } = flaky(2);
    expect(await toArray(pipe(source, retry({ count: 3 })))).toEqual([10, 20, 30, 99]);
    expect(state.runs).toBe(3);
  });

  it('rebuilds the operators between the source and itself', async () => {
    const { source } = flaky(1);
    expect(await toArray(pipe(from(source), map((x: number) => x + 1), retry(2)))).toEqual([11, 21, 100]);
  });

  it('fails with the last error, the same object, once count is used up', async () => {
    const { state, source } = flaky(5);
    const failure = await toArray(pipe(source, retry({ count: 2 }))).catch((error: unknown) => error);
    expect(failure).toBe(state.errors[2]);
    expect(state.runs).toBe(3);
  });

  it('waits delayMs before each new subscription', async () => {
    vi.useFakeTimers();
    const { state, source } = flaky(1);
    const result = toArray(pipe(source, retry({ count: 1, delayMs: 1000 })));
    await vi.advanceTimersByTimeAsync(999);
    expect(state.runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await result).toEqual([10, 20, 99]);
  });

  it('takes RxJS\'s delay in milliseconds, as delayMs', async () => {
    vi.useFakeTimers();
    const { state, source } = flaky(1);
    const result = toArray(pipe(source, retry({ count: 1, delay: 1000 })));
    await vi.advanceTimersByTimeAsync(999);
    expect(state.runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await result).toEqual([10, 20, 99]);
  });

  it('takes RxJS\'s delay function: (error, retryCount) returning milliseconds', async () => {
    vi.useFakeTimers();
    const { state, source } = flaky(2);
    const calls: [unknown, number][] = [];
    const result = toArray(pipe(source, retry({ count: 2, delay: (error, retryCount) => (calls.push([error, retryCount]), retryCount * 100) })));
    await vi.advanceTimersByTimeAsync(99);
    expect(state.runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.runs).toBe(2);
    await vi.advanceTimersByTimeAsync(199);
    expect(state.runs).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(await result).toEqual([10, 20, 30, 99]);
    expect(calls).toEqual([[state.errors[0], 1], [state.errors[1], 2]]);
  });

  it('waits for the promise the delay function returns; its rejection fails the stage with that reason', async () => {
    const { state, source } = flaky(1);
    let go!: () => void;
    const result = toArray(pipe(source, retry({ delay: () => new Promise<void>((resolve) => (go = resolve)) })));
    await sleep(0);
    expect(state.runs).toBe(1);
    go();
    expect(await result).toEqual([10, 20, 99]);

    const refused = new Error('no more');
    const failed = toArray(pipe(flaky(1).source, retry({ delay: () => Promise.reject(refused) })));
    await expect(failed).rejects.toBe(refused);
  });

  it('fails the stage when the delay function throws or returns something that is not a delay', async () => {
    const boom = new Error('delay');
    await expect(toArray(pipe(flaky(1).source, retry({ delay: () => { throw boom; } })))).rejects.toBe(boom);
    await expect(toArray(pipe(flaky(1).source, retry({ delay: () => 'soon' as never })))).rejects.toThrow(
      new TypeError('the result of retry delay must be a number >= 0 or a promise, got "soon"'),
    );
  });

  it('starts nothing when released while a delay promise is pending', async () => {
    const { state, source } = flaky(1);
    let go!: () => void;
    const subscription = openSubscription(pipe(source, retry({ delay: () => new Promise<void>((resolve) => (go = resolve)) })));
    subscription.ask(10);
    expect(await subscription.next()).toEqual([10]);
    await sleep(0);
    await subscription.cancel();
    go();
    await sleep(0);
    expect(state.runs).toBe(1);
  });

  it('counts only consecutive errors with resetOnSuccess, as RxJS', async () => {
    // Every run delivers an event before it fails, three runs in all.
    expect(await toArray(pipe(flaky(3).source, retry({ count: 1, resetOnSuccess: true })))).toEqual([10, 20, 30, 40, 99]);
    const { state, source } = flaky(3);
    await expect(toArray(pipe(source, retry({ count: 1 })))).rejects.toBe(state.errors[1]);
  });

  it('refuses delay with delayMs, and delays that are not a duration or a function', () => {
    expect(() => retry({ delay: 5, delayMs: 5 })).toThrow(
      new TypeError('delayMs must be left out when delay is given (they are one setting), got 5'),
    );
    expect(() => retry({ delay: '5' as never })).toThrow(new TypeError('delay must be a number >= 0 or a function, got "5"'));
    expect(() => retry({ delay: -1 })).toThrow(new RangeError('delay must be a finite number >= 0, got -1'));
    expect(() => retry({ resetOnSuccess: 1 as never })).toThrow(new TypeError('resetOnSuccess must be a boolean, got 1'));
  });

  it('refuses a stream, which cannot be read again, when applied', () => {
    const stream = new ReadableStream<number>({ start: (c) => c.close() });
    expect(() => pipe(from(stream), retry())).toThrow(/^retry source must be re-subscribable .*, got from stage from-\d+$/);
  });

  it('refuses a source that cannot be subscribed again when applied', () => {
    const source = producer<number>({ name: 'pages' });
    expect(() => pipe(source, retry())).toThrow(
      new TypeError(
        'retry source must be re-subscribable (from() over an array or an iterable that starts over, then operators), got producer stage pages',
      ),
    );
  });
});

describe('finalize', () => {
  it('runs once on completion, before the consumer sees the end', async () => {
    const calls: string[] = [];
    await consume(pipe([1, 2], finalize(() => void calls.push('finalize'))), () => void calls.push('batch'));
    calls.push('done');
    expect([...calls].sort()).toEqual(['batch', 'done', 'finalize']);
    expect(calls.indexOf('finalize')).toBeLessThan(calls.indexOf('done'));
  });

  it('awaits an async fn before completing', async () => {
    let closed = false;
    const stage = pipe([1], finalize(async () => {
      await sleep(2);
      closed = true;
    }));
    await toArray(stage);
    expect(closed).toBe(true);
  });

  it('runs once on an upstream error, which passes on as the same object', async () => {
    const boom = new Error('boom');
    let calls = 0;
    async function* failing() {
      yield 1;
      throw boom;
    }
    await expect(toArray(pipe(failing(), finalize(() => void calls++)))).rejects.toBe(boom);
    expect(calls).toBe(1);
  });

  it('runs once when the consumer stops early, after upstream was released', async () => {
    const order: string[] = [];
    async function* endless() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        order.push('upstream released');
      }
    }
    for await (const _ of pipe(endless(), finalize(() => void order.push('finalize')))) break;
    expect(order).toEqual(['upstream released', 'finalize']);
  });

  it('fails the stage with the error fn throws at completion', async () => {
    const boom = new Error('cleanup failed');
    await expect(toArray(pipe([1], finalize(() => {
      throw boom;
    })))).rejects.toBe(boom);
  });
});
