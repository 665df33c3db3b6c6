// toObservable against real rxjs 7: demand per subscribe, batches emitted as they come, unsubscribe releases
// upstream (a generator's finally runs), errors and completion map. Also RxJS's own from(stage), and how it differs.
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { from as rxFrom, lastValueFrom, Observable, of, range, repeat, Subject, take, toArray as rxToArray } from 'rxjs';
import { toObservable as ixToObservable } from 'ix/asynciterable';
import { describe, expect, it } from 'vitest';
import { map } from '../operators/index.js';
import { concat, from, pipe, producer, producerConsumer, zip } from '../src/index.js';
import { fromObservable, toObservable } from '../src/rxjs/index.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

function collect<T>(observable: Observable<T>): Promise<T[]> {
  return lastValueFrom(observable.pipe(rxToArray()));
}

/** A producer that records each demand and answers it with the next integers. */
function counting() {
  const demands: number[] = [];
  let next = 0;
  const stage = producer<number>({
    handleDemand(n) {
      demands.push(n);
      return Array.from({ length: n }, () => next++);
    },
  });
  return { stage, demands };
}

describe('toObservable', () => {
  it('emits every event of a pipeline, then completes', async () => {
    const doubled = pipe(from([1, 2, 3, 4, 5]), producerConsumer((xs: number[]) => xs.map((x) => x * 2)));
    expect(await collect(toObservable(doubled, { maxDemand: 2 }))).toEqual([2, 4, 6, 8, 10]);
  });

  it('asks maxDemand on subscribe and re-asks by the min/max rule as values are emitted', async () => {
    const { stage, demands } = counting();
    const values = await collect(toObservable(stage, { maxDemand: 4, minDemand: 2 }).pipe(take(10)));
    expect(values).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(demands.slice(0, 4)).toEqual([4, 2, 2, 2]);
  });

  it('is cold: each subscribe is one consumer of the source, with its own demand', async () => {
    const numbers = [1, 2, 3];
    const observable = toObservable(numbers);
    expect(await collect(observable)).toEqual([1, 2, 3]);
    expect(await collect(observable)).toEqual([1, 2, 3]);
  });

  it('emits the values of a batch synchronously, without a promise per value', async () => {
    const seen: number[] = [];
    const subscription = toObservable(from([1, 2, 3, 4]), { maxDemand: 10 }).subscribe((x) => seen.push(x));
    // from(array) answers the first ask at once, so the whole batch went out inside subscribe().
    expect(seen).toEqual([1, 2, 3, 4]);
    subscription.unsubscribe();
  });

  it('maps the source error to the same error object, after the values before it', async () => {
    const boom = new Error('boom');
    async function* failing() {
      yield 1;
      yield 2;
      throw boom;
    }
    const seen: number[] = [];
    const error = await new Promise((resolve) => toObservable(failing()).subscribe({ next: (x) => seen.push(x), error: resolve }));
    expect(error).toBe(boom);
    expect(seen).toEqual([1, 2]);
  });

  it("unsubscribe releases upstream: a generator's finally runs (IxJS's toObservable never calls return())", async () => {
    let cleaned = false;
    async function* endless() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        cleaned = true;
      }
    }
    expect(await collect(toObservable(endless(), { maxDemand: 5 }).pipe(take(3)))).toEqual([0, 1, 2]);
    await tick();
    expect(cleaned).toBe(true);
  });

  it("IxJS's toObservable, by contrast, leaves the generator open", async () => {
    let cleaned = false;
    async function* endless() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        cleaned = true;
      }
    }
    const ixObservable = ixToObservable(endless()) as unknown as Observable<number>;
    expect(await collect(rxFrom(ixObservable).pipe(take(3)))).toEqual([0, 1, 2]);
    await tick();
    expect(cleaned).toBe(false);
  });

  it('a synchronous take() stops the emission in the middle of a batch', async () => {
    let cleaned = false;
    function* numbers() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        cleaned = true;
      }
    }
    const seen: number[] = [];
    toObservable(numbers(), { maxDemand: 100 })
      .pipe(take(3))
      .subscribe((x) => seen.push(x));
    expect(seen).toEqual([0, 1, 2]);
    expect(cleaned).toBe(true);
  });

  it('unsubscribe cancels the subscription at once, even while waiting for the next batch', async () => {
    const p = producer<number>();
    const subscription = toObservable(p).subscribe();
    expect(p.stats().subscribers).toBe(1);
    subscription.unsubscribe();
    expect(p.stats().subscribers).toBe(0);
    p.end();
  });

  it('validates at call time', () => {
    expect(() => toObservable(42 as never)).toThrow(new TypeError('source must be an Iterable or AsyncIterable, got 42'));
    expect(() => toObservable([1], { maxDemand: 0 })).toThrow(new RangeError('maxDemand must be an integer >= 1, got 0'));
    expect(() => toObservable([1], { maxDemand: 4, minDemand: 4 })).toThrow(RangeError);
    expect(() => toObservable([1], { selector: () => true } as never)).toThrow(/unknown option "selector"/);
  });

  it('round trip: toObservable(fromObservable(x)) emits what x emits', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), fc.integer({ min: 1, max: 50 }), async (values, maxDemand) => {
        expect(await collect(toObservable(fromObservable(of(...values)), { maxDemand }))).toEqual(values);
      }),
    );
    const subject = new Subject<number>();
    const result = collect(toObservable(fromObservable(subject, { bufferSize: Infinity }), { maxDemand: 3 }));
    await tick();
    for (let i = 0; i < 100; i++) {
      subject.next(i);
      if (i % 10 === 0) await tick();
    }
    subject.complete();
    expect(await result).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

describe("RxJS's own from(stage): a Stage is an AsyncIterable", () => {
  it('works, pulling through for await with the default demand of 1000', async () => {
    const { stage, demands } = counting();
    expect(await collect(rxFrom(stage).pipe(take(5)))).toEqual([0, 1, 2, 3, 4]);
    expect(demands[0]).toBe(1000);
    expect(await collect(rxFrom(from([1, 2, 3])))).toEqual([1, 2, 3]);
  });

  it('releases the stage only once a next value arrives after unsubscribe (rxjs#5998); toObservable releases at once', async () => {
    const viaRx = producer<number>();
    const rxSubscription = rxFrom(viaRx).subscribe();
    await tick();
    expect(viaRx.stats().subscribers).toBe(1);
    rxSubscription.unsubscribe();
    await tick();
    expect(viaRx.stats().subscribers).toBe(1); // rxjs's for-await loop is still parked in next()
    viaRx.push([1]);
    await tick();
    expect(viaRx.stats().subscribers).toBe(0);

    const viaBridge = producer<number>();
    const subscription = toObservable(viaBridge).subscribe();
    subscription.unsubscribe();
    expect(viaBridge.stats().subscribers).toBe(0);
    viaRx.end();
    viaBridge.end();
  });

  it('an rxjs range through a genstage pipeline and back', async () => {
    const evens = pipe(fromObservable(range(0, 10)), producerConsumer((xs: number[]) => xs.filter((x) => x % 2 === 0)));
    expect(await collect(toObservable(evens))).toEqual([0, 2, 4, 6, 8]);
  });
});

describe('toObservable is cold where the source can start over', () => {
  /** What one subscription gets: its values, then 'complete' or the error. */
  function outcome<T>(observable: Observable<T>): Promise<{ values: T[]; end: unknown }> {
    const values: T[] = [];
    return new Promise((resolve) =>
      observable.subscribe({
        next: (x) => values.push(x),
        error: (error: unknown) => resolve({ values, end: error }),
        complete: () => resolve({ values, end: 'complete' }),
      }),
    );
  }

  it('runs an array, an iterable that starts over and a stage that can, once per repeat', async () => {
    expect(await collect(toObservable([1, 2]).pipe(repeat(3)))).toEqual([1, 2, 1, 2, 1, 2]);
    expect(await collect(toObservable(new Set(['a'])).pipe(repeat(3)))).toEqual(['a', 'a', 'a']);
    const methods = { *[Symbol.iterator]() { yield 1; yield 2; } };
    expect(await collect(toObservable(methods).pipe(repeat(3)))).toEqual([1, 2, 1, 2, 1, 2]);
    const tens = pipe(from([1, 2]), map((x: number) => x * 10));
    expect(await collect(toObservable(tens).pipe(repeat(3)))).toEqual([10, 20, 10, 20, 10, 20]);
    expect(await collect(toObservable(concat([1], zip([2], ['b']))).pipe(repeat(2)))).toEqual([1, [2, 'b'], 1, [2, 'b']]);
  });

  it('gives two subscriptions at once a run each, not a share of one', async () => {
    const observable = toObservable(pipe(from([1, 2, 3]), map((x: number) => x + 1)), { maxDemand: 1 });
    const [a, b] = await Promise.all([collect(observable), collect(observable)]);
    expect(a).toEqual([2, 3, 4]);
    expect(b).toEqual([2, 3, 4]);
  });

  it('builds a new pipeline per subscription from a factory', async () => {
    let built = 0;
    const observable = toObservable(() => {
      built++;
      return pipe(from([1, 2]), producerConsumer((xs: number[]) => xs.map((x) => x * built)));
    });
    expect(await collect(observable.pipe(repeat(3)))).toEqual([1, 2, 2, 4, 3, 6]);
    expect(built).toBe(3);
    const bad = await outcome(toObservable(() => 42 as never));
    expect(bad.end).toEqual(new TypeError('the result of the toObservable factory must be an Iterable or AsyncIterable, got 42'));
  });

  it('fails a second subscription to a one-shot source with a TypeError, not silence', async () => {
    function* numbers() {
      yield 1;
      yield 2;
    }
    const once = await outcome(toObservable(numbers()).pipe(repeat(3)));
    expect(once.values).toEqual([1, 2]);
    expect(once.end).toBeInstanceOf(TypeError);
    expect((once.end as Error).message).toMatch(/^toObservable source from stage from-\d+ cannot start over: it was read by an earlier subscription/);
    expect((once.end as Error).message).toContain('toObservable(() => source)');

    const pipeline = pipe(from([1]), producerConsumer((xs: number[]) => xs));
    const observable = toObservable(pipeline);
    expect(await collect(observable)).toEqual([1]);
    expect((await outcome(observable)).end).toBeInstanceOf(TypeError);
  });

  it('treats streams as one-shot: a second subscription gets the TypeError, not an empty run', async () => {
    const node = toObservable(Readable.from([1, 2]));
    expect(await collect(node)).toEqual([1, 2]);
    expect((await outcome(node)).end).toBeInstanceOf(TypeError);
    const web = toObservable(from(new ReadableStream<number>({ start: (c) => (c.enqueue(1), c.close()) })));
    expect(await collect(web)).toEqual([1]);
    expect((await outcome(web)).end).toBeInstanceOf(TypeError);
  });

  it('lets the first subscription join a producer (it is hot), and refuses a second', async () => {
    const p = producer<number>({ name: 'pushed' });
    const observable = toObservable(p);
    const first = outcome(observable);
    p.push([1, 2]);
    p.end();
    expect(await first).toEqual({ values: [1, 2], end: 'complete' });
    const second = await outcome(observable);
    expect(second.values).toEqual([]);
    expect(second.end).toEqual(
      new TypeError(
        'toObservable source producer stage pushed cannot start over: it was read by an earlier subscription ' +
          '(a generator object, a producer and a producerConsumer run once); pass a factory, toObservable(() => source), to build one per subscription',
      ),
    );
  });
});
