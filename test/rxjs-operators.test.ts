// fromRxOperator (an RxJS operator as a stage) and toRxOperator (a genstage operator inside observable.pipe),
// against real rxjs 7.
import {
  bufferTime,
  catchError,
  debounceTime,
  filter,
  lastValueFrom,
  map,
  mergeMap,
  Observable,
  of,
  range,
  Subject,
  take,
  tap,
  toArray as rxToArray,
} from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { consumerSupervisor } from '../src/stages/consumer-supervisor.js';
import { consume, from, pipe, producer, producerConsumer, toArray } from '../src/index.js';
import { BufferOverflowError, fromRxOperator, toRxOperator } from '../src/rxjs/index.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function collect<T>(observable: Observable<T>): Promise<T[]> {
  return lastValueFrom(observable.pipe(rxToArray()));
}

afterEach(() => {
  vi.useRealTimers();
});

describe('fromRxOperator', () => {
  it('runs an RxJS operator chain as a stage', async () => {
    const op = fromRxOperator((source: Observable<number>) => source.pipe(map((x) => x * 10), filter((x) => x !== 20)));
    expect(await toArray(from([1, 2, 3, 4]).pipe(op))).toEqual([10, 30, 40]);
  });

  it('bufferTime groups by time; the partial group is flushed when upstream completes', async () => {
    vi.useFakeTimers();
    const p = producer<number>();
    const result = toArray(p.pipe(fromRxOperator(bufferTime<number>(100))));
    p.push([1, 2]);
    await vi.advanceTimersByTimeAsync(100);
    p.push([3]);
    await vi.advanceTimersByTimeAsync(100);
    p.push([4, 5]);
    p.end();
    await vi.advanceTimersByTimeAsync(0);
    expect(await result).toEqual([[1, 2], [3], [4, 5]]);
  });

  it('debounceTime passes the last value of each quiet period', async () => {
    vi.useFakeTimers();
    const p = producer<number>();
    const result = toArray(p.pipe(fromRxOperator(debounceTime<number>(50))));
    p.push([1, 2, 3]);
    await vi.advanceTimersByTimeAsync(60);
    p.push([4]);
    await vi.advanceTimersByTimeAsync(10);
    p.push([5]);
    p.end();
    await vi.advanceTimersByTimeAsync(60);
    expect(await result).toEqual([3, 5]);
  });

  it('feeds the operator only as fast as downstream demand and the output buffer allow', async () => {
    let fed = 0;
    function* numbers() {
      for (let i = 0; ; i++) yield i;
    }
    const stage = from(numbers()).pipe(
      fromRxOperator((source: Observable<number>) => source.pipe(tap(() => fed++)), { bufferSize: 10, maxDemand: 4 }),
    );
    const iterator = stage.subscribe({ maxDemand: 3, minDemand: 0 })[Symbol.asyncIterator]();
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      seen.push((await iterator.next()).value as number);
      await tick();
      // Never more than the consumer asked for (delivered + still wanted) plus the buffer.
      const { emitted, demand, buffered } = stage.stats();
      expect(fed).toBeLessThanOrEqual(emitted + demand + 10);
      expect(buffered).toBeLessThanOrEqual(10);
    }
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(fed).toBeLessThan(25); // an endless source, fed on demand only
    expect(stage.stats().received).toBe(fed);
    await iterator.return!();
  });

  it('an operator that completes early (take) releases upstream: the generator finally runs', async () => {
    let cleaned = false;
    async function* numbers() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        cleaned = true;
      }
    }
    expect(await toArray(from(numbers()).pipe(fromRxOperator(take<number>(3))))).toEqual([0, 1, 2]);
    await tick();
    expect(cleaned).toBe(true);
  });

  it('a consumer leaving unsubscribes the operator and releases upstream', async () => {
    let cleaned = false;
    let torn = false;
    async function* numbers() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        cleaned = true;
      }
    }
    const op = fromRxOperator(
      (source: Observable<number>) =>
        new Observable<number>((subscriber) => {
          const subscription = source.subscribe(subscriber);
          return () => {
            torn = true;
            subscription.unsubscribe();
          };
        }),
    );
    for await (const x of from(numbers()).pipe(op)) if (x === 2) break;
    expect(torn).toBe(true);
    await tick();
    expect(cleaned).toBe(true);
  });

  it('upstream errors are fed to the operator: catchError can recover', async () => {
    async function* failing() {
      yield 1;
      yield 2;
      throw new Error('boom');
    }
    const op = fromRxOperator((source: Observable<number>) => source.pipe(catchError(() => of(-1))));
    expect(await toArray(from(failing()).pipe(op))).toEqual([1, 2, -1]);
  });

  it('otherwise the same error object reaches the consumer, after the values before it', async () => {
    const boom = new Error('boom');
    async function* failing() {
      yield 1;
      throw boom;
    }
    const seen: number[] = [];
    const done = consume(from(failing()).pipe(fromRxOperator(map((x: number) => x + 1))), (b) => void seen.push(...b));
    await expect(done).rejects.toBe(boom);
    expect(seen).toEqual([2]);
  });

  it('output pushed with no demand (an expansion) meets the buffer rules', async () => {
    let discarded = 0;
    const expand = fromRxOperator(mergeMap((x: number) => range(x * 100, 100)), {
      bufferSize: 10,
      onDiscard: (n) => (discarded += n),
    });
    const seen = await toArray(from([0, 1]).pipe(expand).subscribe({ maxDemand: 5 }));
    expect(seen.length + discarded).toBe(200);
    expect(seen.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);

    const strict = fromRxOperator(mergeMap((x: number) => range(x * 100, 100)), { bufferSize: 10, bufferKeep: 'error' });
    await expect(toArray(from([0, 1]).pipe(strict).subscribe({ maxDemand: 5 }))).rejects.toBeInstanceOf(BufferOverflowError);
  });

  it('validates at call time', () => {
    expect(() => fromRxOperator(42 as never)).toThrow(new TypeError('rxOperator must be a function, got 42'));
    expect(() => fromRxOperator(map((x: number) => x), { bufferSize: 1.5 })).toThrow(RangeError);
    expect(() => fromRxOperator(map((x: number) => x), { maxDemand: 0 })).toThrow(RangeError);
    expect(() => fromRxOperator(map((x: number) => x), { concurrency: 2 } as never)).toThrow(/unknown option "concurrency"/);
    expect(() => fromRxOperator(map((x: number) => x))(42 as never)).toThrow(TypeError);
  });
});

describe('toRxOperator', () => {
  it('runs a genstage operator inside observable.pipe', async () => {
    const doubled = range(0, 5).pipe(toRxOperator(producerConsumer((xs: number[]) => xs.map((x) => x * 2))));
    expect(await collect(doubled)).toEqual([0, 2, 4, 6, 8]);
  });

  it('applies the operator demand rules: handler batches never exceed maxDemand - minDemand', async () => {
    const batches: number[] = [];
    const op = producerConsumer(
      async (xs: number[]) => {
        batches.push(xs.length);
        await tick();
        return xs;
      },
      { maxDemand: 3, minDemand: 1 },
    );
    expect(await collect(range(0, 20).pipe(toRxOperator(op)))).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(Math.max(...batches)).toBeLessThanOrEqual(2);
  });

  it('consumerSupervisor(4, fetchPage) inside pipe: at most 4 workers at once', async () => {
    let running = 0;
    let peak = 0;
    const fetchPage = async (url: string) => {
      running++;
      peak = Math.max(peak, running);
      await sleep(2);
      running--;
      return `<html>${url}</html>`;
    };
    const urls = Array.from({ length: 20 }, (_, i) => `page${i}`);
    const pages = await collect(of(...urls).pipe(toRxOperator(consumerSupervisor(4, fetchPage))));
    expect(pages.sort()).toEqual(urls.map((url) => `<html>${url}</html>`).sort());
    expect(peak).toBe(4);
  });

  it("buffers the observable's values with explicit rules: bufferKeep 'error' fails the subscriber", async () => {
    const subject = new Subject<number>();
    const slow = producerConsumer(
      async (xs: number[]) => {
        await sleep(5);
        return xs;
      },
      { maxDemand: 1, minDemand: 0 },
    );
    const error = new Promise((resolve) =>
      subject.pipe(toRxOperator(slow, { bufferSize: 3, bufferKeep: 'error' })).subscribe({ error: resolve }),
    );
    await tick();
    for (let i = 0; i < 10; i++) subject.next(i);
    expect(await error).toBeInstanceOf(BufferOverflowError);
    expect(subject.observed).toBe(false);
  });

  it('drops per bufferKeep and counts the discards', async () => {
    const subject = new Subject<number>();
    let discarded = 0;
    const seen: number[] = [];
    const done = new Promise<void>((resolve) =>
      subject
        .pipe(toRxOperator(producerConsumer((xs: number[]) => xs, { maxDemand: 2, minDemand: 0 }), { bufferSize: 4, onDiscard: (n) => (discarded += n) }))
        .subscribe({ next: (x) => seen.push(x), complete: resolve }),
    );
    await tick();
    for (let i = 0; i < 50; i++) subject.next(i);
    subject.complete();
    await done;
    expect(seen.length + discarded).toBe(50);
    expect(seen.slice(-4)).toEqual([46, 47, 48, 49]);
  });

  it('unsubscribe releases everything: the source observable is unsubscribed', async () => {
    let torn = false;
    const source = new Observable<number>((subscriber) => {
      let i = 0;
      const timer = setInterval(() => subscriber.next(i++), 1);
      return () => {
        torn = true;
        clearInterval(timer);
      };
    });
    const seen: number[] = [];
    const subscription = source.pipe(toRxOperator(producerConsumer((xs: number[]) => xs))).subscribe((x) => seen.push(x));
    while (seen.length < 3) await sleep(2);
    subscription.unsubscribe();
    expect(torn).toBe(true);
  });

  it('each subscription runs its own copy of the pipeline', async () => {
    const doubled = of(1, 2, 3).pipe(toRxOperator(producerConsumer((xs: number[]) => xs.map((x) => x * 2))));
    expect(await collect(doubled)).toEqual([2, 4, 6]);
    expect(await collect(doubled)).toEqual([2, 4, 6]);
  });

  it('validates at call time', () => {
    expect(() => toRxOperator(42 as never)).toThrow(new TypeError('operator must be a function, got 42'));
    const op = producerConsumer((xs: number[]) => xs);
    expect(() => toRxOperator(op, { bufferKeep: 'oldest' as never })).toThrow(/bufferKeep must be one of/);
    expect(() => toRxOperator(op, { maxDemand: 2, minDemand: 5 })).toThrow(RangeError);
    expect(() => toRxOperator(op, { signal: 1 } as never)).toThrow(/unknown option "signal"/);
  });
});

describe('both ways', () => {
  it('an RxJS operator inside a genstage pipeline inside an RxJS pipeline', async () => {
    const inner = pipe(fromRxOperator(map((x: number) => x + 1)), producerConsumer((xs: number[]) => xs.map((x) => x * 3)));
    expect(await collect(range(0, 4).pipe(toRxOperator(inner)))).toEqual([3, 6, 9, 12]);
  });
});
