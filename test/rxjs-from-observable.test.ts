// fromObservable against real rxjs 7: lazy subscribe, bounded buffer with GenStage's overflow rules,
// completion and error ordering, unsubscribe when the consumer leaves.
import { concat, defer, finalize, interval, Observable, of, range, Subject, throwError } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { consume, pipe, producerConsumer, start, toArray } from '../src/index.js';
import { fromObservable } from '../src/rxjs/index.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A Subject that records how often it was subscribed to and whether its subscriber left. */
function watched<T>() {
  const subject = new Subject<T>();
  const events = { subscribed: 0, unsubscribed: 0 };
  const observable = new Observable<T>((subscriber) => {
    events.subscribed++;
    const subscription = subject.subscribe(subscriber);
    return () => {
      events.unsubscribed++;
      subscription.unsubscribe();
    };
  });
  return { subject, observable, events };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('fromObservable: what it accepts', () => {
  it('reads an Observable, an array, a Promise, an async iterable and an @@observable object', async () => {
    expect(await toArray(fromObservable(range(0, 5)))).toEqual([0, 1, 2, 3, 4]);
    expect(await toArray(fromObservable(['a', 'b']))).toEqual(['a', 'b']);
    expect(await toArray(fromObservable(Promise.resolve(7)))).toEqual([7]);
    async function* gen() {
      yield 1;
      yield 2;
    }
    expect(await toArray(fromObservable(gen()))).toEqual([1, 2]);
    const interop = { '@@observable': () => of(10, 20) };
    expect(await toArray(fromObservable(interop))).toEqual([10, 20]);
  });

  it('refuses a non-observable at call time with a TypeError naming the rule', () => {
    expect(() => fromObservable(42 as never)).toThrow(TypeError);
    expect(() => fromObservable(42 as never)).toThrow(
      'observable must be an Observable, an object with Symbol.observable, or an ObservableInput (Promise, Iterable, AsyncIterable, ReadableStream), got 42',
    );
    expect(() => fromObservable('abc' as never)).toThrow(TypeError);
    expect(() => fromObservable(null as never)).toThrow(TypeError);
    expect(() => fromObservable({} as never)).toThrow(TypeError);
  });

  it('validates its options when built', () => {
    expect(() => fromObservable(of(1), { bufferSize: -1 })).toThrow(new RangeError('bufferSize must be an integer >= 0 or Infinity, got -1'));
    expect(() => fromObservable(of(1), { bufferKeep: 'drop' as never })).toThrow(
      'bufferKeep must be one of "first", "last", "error", got "drop"',
    );
    expect(() => fromObservable(of(1), { onDiscard: 3 as never })).toThrow(TypeError);
    expect(() => fromObservable(of(1), { bufferLimit: 3 } as never)).toThrow(/unknown option "bufferLimit"/);
    expect(() => fromObservable(of(1), { name: '' })).toThrow(RangeError);
  });
});

describe('fromObservable: lazy subscription', () => {
  it('subscribes on the first demand, not when built, piped or iterated without next()', async () => {
    const { subject, observable, events } = watched<number>();
    const stage = fromObservable(observable);
    const piped = pipe(stage, producerConsumer((xs: number[]) => xs));
    const iterator = stage[Symbol.asyncIterator]();
    expect(events.subscribed).toBe(0);
    expect(piped.stats().subscribers).toBe(0);

    const first = iterator.next();
    expect(events.subscribed).toBe(1);
    subject.next(1);
    expect(await first).toEqual({ value: 1, done: false });
    await iterator.return!();
    expect(events.unsubscribed).toBe(1);
  });

  it('is defer-lazy too: a cold observable starts its work on the first demand', async () => {
    let started = 0;
    const stage = fromObservable(defer(() => (started++, of(1, 2, 3))));
    await tick();
    expect(started).toBe(0);
    expect(await toArray(stage)).toEqual([1, 2, 3]);
    expect(started).toBe(1);
  });
});

describe('fromObservable: the buffer', () => {
  it("keeps the last bufferSize values of a burst, reports the discards once, holds no more than bufferSize", async () => {
    const { subject, observable } = watched<number>();
    const discards: number[] = [];
    const stage = fromObservable(observable, { bufferSize: 5, onDiscard: (n) => discards.push(n) });
    const batches: number[][] = [];
    const done = consume(stage, (batch) => void batches.push(batch), { maxDemand: 2, minDemand: 0 });
    await tick();
    for (let i = 0; i < 20; i++) {
      subject.next(i);
      expect(stage.stats().buffered).toBeLessThanOrEqual(5);
    }
    subject.complete();
    await done;
    // 2 went to the waiting consumer, 5 fit the buffer, 13 were dropped: the oldest ones.
    expect(batches.flat()).toEqual([0, 1, 15, 16, 17, 18, 19]);
    expect(discards).toEqual([13]);
    expect(stage.stats()).toMatchObject({ discarded: 13, received: 20, emitted: 7, buffered: 0 });
  });

  it("bufferKeep 'first' drops the new values instead", async () => {
    const { subject, observable } = watched<number>();
    const stage = fromObservable(observable, { bufferSize: 5, bufferKeep: 'first', onDiscard: () => undefined });
    const done = toArray(stage.subscribe({ maxDemand: 2, minDemand: 0 }));
    await tick();
    for (let i = 0; i < 20; i++) subject.next(i);
    subject.complete();
    expect(await done).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(stage.stats().discarded).toBe(13);
  });

  it("prints GenStage's discard warning by default", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const stage = fromObservable(range(0, 10), { bufferSize: 3, name: 'Ticks' });
    expect(await toArray(stage.subscribe({ maxDemand: 2 }))).toEqual([0, 1, 7, 8, 9]);
    expect(warn).toHaveBeenCalledWith('genstage producer Ticks has discarded 5 events from buffer');
  });

  it('a throwing onDiscard fails the stage with its error', async () => {
    const oops = new Error('onDiscard failed');
    const subject = new Subject<number>();
    const stage = fromObservable(subject, {
      bufferSize: 1,
      onDiscard: () => {
        throw oops;
      },
    });
    const done = toArray(stage.subscribe({ maxDemand: 1 }));
    await tick();
    for (let i = 0; i < 5; i++) subject.next(i);
    await expect(done).rejects.toBe(oops);
    expect(subject.observed).toBe(false);
  });

  it('interval into a slow consumer: never more than bufferSize held, order kept, unsubscribed when it leaves', async () => {
    vi.useFakeTimers();
    let active = 0;
    const ticks = interval(1).pipe(finalize(() => active--));
    let discarded = 0;
    const stage = fromObservable(
      defer(() => (active++, ticks)),
      { bufferSize: 10, onDiscard: (n) => (discarded += n) },
    );
    const seen: number[] = [];
    let peak = 0;
    const consumer = (async () => {
      for await (const x of stage.subscribe({ maxDemand: 2, minDemand: 0 })) {
        seen.push(x);
        peak = Math.max(peak, stage.stats().buffered);
        if (seen.length === 12) break;
        await sleep(20);
      }
    })();
    for (let t = 0; t < 400 && seen.length < 12; t++) {
      await vi.advanceTimersByTimeAsync(1);
      peak = Math.max(peak, stage.stats().buffered);
    }
    await consumer;
    expect(seen).toHaveLength(12);
    expect(peak).toBe(10);
    expect(discarded).toBeGreaterThan(0);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(active).toBe(0);
  });

  it('a Subject pushing 100,000 values into a pipeline with a slow consumer stays bounded', async () => {
    const { subject, observable, events } = watched<number>();
    let discarded = 0;
    const source = fromObservable(observable, { bufferSize: 1000, onDiscard: (n) => (discarded += n) });
    const doubled = pipe(source, producerConsumer((xs: number[]) => xs.map((x) => x * 2), { maxDemand: 100 }));
    let consumed = 0;
    const done = consume(
      doubled,
      async (batch) => {
        consumed += batch.length;
        await sleep(1);
      },
      { maxDemand: 10 },
    );
    await tick();
    let peak = 0;
    for (let round = 0; round < 100; round++) {
      for (let i = 0; i < 1000; i++) subject.next(round * 1000 + i);
      peak = Math.max(peak, source.stats().buffered);
      await tick();
    }
    subject.complete();
    await done;
    expect(peak).toBeLessThanOrEqual(1000);
    expect(source.stats().received).toBe(100_000);
    expect(discarded).toBeGreaterThan(90_000);
    expect(consumed + discarded).toBe(100_000);
    expect(events.unsubscribed).toBe(1);
  });
});

describe('fromObservable: completion, errors and leaving', () => {
  it('completes after the buffered values were delivered', async () => {
    const { subject, observable } = watched<number>();
    const stage = fromObservable(observable);
    const iterator = stage.subscribe({ maxDemand: 1, minDemand: 0 })[Symbol.asyncIterator]();
    const first = iterator.next();
    subject.next(1);
    subject.next(2);
    subject.next(3);
    subject.complete();
    expect(await first).toEqual({ value: 1, done: false });
    expect(stage.stats().buffered).toBe(2);
    expect(await iterator.next()).toEqual({ value: 2, done: false });
    expect(await iterator.next()).toEqual({ value: 3, done: false });
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('fails with the same error object, after the values pushed before it', async () => {
    const boom = new Error('boom');
    const stage = fromObservable(concat(of(1, 2, 3), throwError(() => boom)));
    const seen: number[] = [];
    const done = consume(stage, (batch) => void seen.push(...batch), { maxDemand: 1, minDemand: 0 });
    await expect(done).rejects.toBe(boom);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('an error thrown when subscribing reaches the consumer', async () => {
    const boom = new Error('subscribe failed');
    const stage = fromObservable(
      new Observable<number>(() => {
        throw boom;
      }),
    );
    await expect(toArray(stage)).rejects.toBe(boom);
  });

  it('unsubscribes at once when the last consumer leaves', async () => {
    const { subject, observable, events } = watched<number>();
    const stage = fromObservable(observable);
    const controller = new AbortController();
    const done = consume(stage, () => undefined, { signal: controller.signal });
    await tick();
    subject.next(1);
    expect(events).toEqual({ subscribed: 1, unsubscribed: 0 });
    controller.abort(new Error('leave'));
    expect(events.unsubscribed).toBe(1);
    await expect(done).rejects.toThrow('leave');
    expect(subject.observed).toBe(false);
  });

  it("start()'s graceful stop unsubscribes, delivers what is held, then ends the pipeline", async () => {
    const { subject, observable, events } = watched<number>();
    const seen: number[] = [];
    const running = start(pipe(fromObservable(observable), producerConsumer((xs: number[]) => void seen.push(...xs))));
    await tick();
    subject.next(1);
    subject.next(2);
    await running.stop();
    expect(events.unsubscribed).toBe(1);
    expect(seen).toEqual([1, 2]);
    await expect(running.done).resolves.toBeUndefined();
  });

  it('shares the values between two consumers, like a producer', async () => {
    const stage = fromObservable(range(0, 100), { bufferSize: Infinity });
    const [a, b] = await Promise.all([toArray(stage.subscribe({ maxDemand: 10 })), toArray(stage.subscribe({ maxDemand: 10 }))]);
    expect([...a, ...b].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
