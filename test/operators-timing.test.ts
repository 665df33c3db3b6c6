// The operators that watch the clock, under fake time: batch, rateLimit, timeout.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { batch, rateLimit, timeout, TimeoutError } from '../operators/index.js';
import { consume, openSubscription, pipe, producer, toArray } from '../src/index.js';
import { counter, range } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

/** Consumes in the background, recording each batch with the fake time it arrived at. */
function record<T>(stage: AsyncIterable<T>, options?: { maxDemand?: number }) {
  const seen: { at: number; events: T[] }[] = [];
  const start = Date.now();
  const done = consume(stage, (events) => void seen.push({ at: Date.now() - start, events }), options);
  // Awaited by each test; a rejection is checked there.
  done.catch(() => undefined);
  return { seen, done };
}

describe('batch', () => {
  it('emits a batch as soon as size events are gathered', async () => {
    expect(await toArray(pipe(range(1, 7), batch({ size: 3 })))).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('emits a partial batch timeMs after its FIRST event, not its last', async () => {
    const source = producer<number>();
    const { seen, done } = record(pipe(source, batch({ size: 10, timeMs: 100 })));
    source.push([1]);
    await vi.advanceTimersByTimeAsync(60);
    source.push([2]);
    await vi.advanceTimersByTimeAsync(39);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toEqual([{ at: 100, events: [[1, 2]] }]);
    source.end();
    await done;
  });

  it('a full batch cancels its timer; the next batch gets a clock of its own', async () => {
    const source = producer<number>();
    const { seen, done } = record(pipe(source, batch({ size: 2, timeMs: 100 })));
    source.push([1]);
    await vi.advanceTimersByTimeAsync(50);
    source.push([2, 3]);
    await vi.advanceTimersByTimeAsync(99);
    expect(seen.map((s) => s.events)).toEqual([[[1, 2]]]);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toEqual([
      { at: 50, events: [[1, 2]] },
      { at: 150, events: [[3]] },
    ]);
    source.end();
    await done;
  });

  it('never emits an empty batch, and emits the last partial batch at completion', async () => {
    const source = producer<number>();
    const { seen, done } = record(pipe(source, batch({ size: 5, timeMs: 10 })));
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual([]);
    source.push([1, 2]);
    source.end();
    await done;
    expect(seen.map((s) => s.events)).toEqual([[[1, 2]]]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('emits the partial batch before an upstream error', async () => {
    const boom = new Error('boom');
    const source = producer<number>();
    const { seen, done } = record(pipe(source, batch({ size: 5 })));
    source.push([1, 2]);
    await vi.advanceTimersByTimeAsync(0);
    source.fail(boom);
    await expect(done).rejects.toBe(boom);
    expect(seen.map((s) => s.events)).toEqual([[[1, 2]]]);
  });

  it('clears its timer when the consumer leaves', async () => {
    const source = producer<number>();
    const subscription = openSubscription(pipe(source, batch({ size: 5, timeMs: 1000 })));
    subscription.ask(1);
    source.push([1]);
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(1);
    await subscription.cancel();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('rateLimit', () => {
  it('asks upstream only for what each interval allows, and loses nothing', async () => {
    const { stage, demands } = counter({ limit: 7 });
    const { seen, done } = record(pipe(stage, rateLimit({ allowed: 3, intervalMs: 1000 })));
    await vi.advanceTimersByTimeAsync(0);
    expect(demands).toEqual([3]);
    await vi.advanceTimersByTimeAsync(999);
    expect(demands).toEqual([3]);
    await vi.advanceTimersByTimeAsync(1);
    expect(demands).toEqual([3, 3]);
    await vi.advanceTimersByTimeAsync(1000);
    await done;
    // The last ask is 3 too: the counter then has one event left, and ends.
    expect(demands).toEqual([3, 3, 3]);
    expect(seen.flatMap((s) => s.events)).toEqual(range(0, 6));
    expect(seen.map((s) => s.at)).toEqual([0, 1000, 2000]);
  });

  it('never lets more than allowed events through in an interval', async () => {
    const { stage } = counter({ limit: 50, messageSize: 4 });
    const { seen, done } = record(pipe(stage, rateLimit({ allowed: 5, intervalMs: 100 })), { maxDemand: 7 });
    await vi.advanceTimersByTimeAsync(2000);
    await done;
    const perInterval = new Map<number, number>();
    for (const { at, events } of seen) perInterval.set(Math.floor(at / 100), (perInterval.get(Math.floor(at / 100)) ?? 0) + events.length);
    expect(Math.max(...perInterval.values())).toBeLessThanOrEqual(5);
    expect(seen.flatMap((s) => s.events)).toEqual(range(0, 49));
  });

  it('asks nothing while nobody downstream asks', async () => {
    const { stage, demands } = counter();
    const subscription = openSubscription(pipe(stage, rateLimit({ allowed: 10, intervalMs: 100 })));
    await vi.advanceTimersByTimeAsync(500);
    expect(demands).toEqual([]);
    subscription.ask(2);
    expect(demands).toEqual([2]);
    await subscription.cancel();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('timeout', () => {
  it('fails with a TimeoutError when no event arrives within ms of the demand', async () => {
    const source = producer<number>();
    const { done } = record(pipe(source, timeout({ ms: 100 })));
    await vi.advanceTimersByTimeAsync(99);
    source.push([1]);
    await vi.advanceTimersByTimeAsync(99);
    source.push([2]);
    await vi.advanceTimersByTimeAsync(100);
    const error = await done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).name).toBe('TimeoutError');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('releases upstream when it fires', async () => {
    const source = producer<number>();
    const { done } = record(pipe(source, timeout({ ms: 50 })));
    await vi.advanceTimersByTimeAsync(0);
    expect(source.stats().subscribers).toBe(1);
    await vi.advanceTimersByTimeAsync(50);
    await expect(done).rejects.toBeInstanceOf(TimeoutError);
    expect(source.stats().subscribers).toBe(0);
  });

  it('does not time a consumer that has no demand, and clears its timer at completion and on cancel', async () => {
    const source = producer<number>();
    const subscription = openSubscription(pipe(source, timeout({ ms: 100 })));
    await vi.advanceTimersByTimeAsync(1000);
    expect(vi.getTimerCount()).toBe(0);
    subscription.ask(1);
    expect(vi.getTimerCount()).toBe(1);
    await subscription.cancel();
    expect(vi.getTimerCount()).toBe(0);

    const other = producer<number>();
    const { done } = record(pipe(other, timeout({ ms: 100 })));
    other.push([1, 2]);
    other.end();
    await done;
    expect(vi.getTimerCount()).toBe(0);
  });

  it("takes RxJS's forms: timeout(each) and timeout({ each }), the same clock as timeout({ ms })", async () => {
    for (const form of [100, { each: 100 }, { ms: 100 }]) {
      const source = producer<number>();
      const { seen, done } = record(pipe(source, timeout(form)));
      await vi.advanceTimersByTimeAsync(99);
      source.push([1]);
      await vi.advanceTimersByTimeAsync(99);
      expect(seen.map((s) => s.events)).toEqual([[1]]);
      await vi.advanceTimersByTimeAsync(1);
      await expect(done).rejects.toBeInstanceOf(TimeoutError);
      expect(vi.getTimerCount()).toBe(0);
    }
  });

  it('refuses each with ms, and a bad duration in either form', () => {
    expect(() => timeout({ each: 1, ms: 2 })).toThrow(
      new TypeError('ms must be left out when each is given (they are one setting), got 2'),
    );
    expect(() => timeout(-1)).toThrow(new RangeError('each must be a finite number >= 0, got -1'));
    expect(() => timeout({ each: NaN })).toThrow(new RangeError('each must be a finite number >= 0, got NaN'));
    expect(() => timeout({})).toThrow(new TypeError('each must be a number >= 0, got undefined'));
  });
});
