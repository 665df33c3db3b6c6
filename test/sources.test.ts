// The sources an RxJS user reaches for first: of, interval, concat, zip; and merge's inferred union type.
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { map, retry, take } from '../operators/index.js';
import {
  concat,
  consume,
  from,
  interval,
  merge,
  of,
  openSubscription,
  pipe,
  producer,
  toArray,
  zip,
  type Stage,
} from '../src/index.js';
import { tracked } from './helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A generator that records when it started, how far it was pulled, and whether its `finally` ran. */
function watched<T>(name: string, items: readonly T[], log: string[]) {
  const state = { pulled: 0 };
  function* gen() {
    log.push(`${name} started`);
    try {
      for (const item of items) {
        state.pulled++;
        yield item;
      }
    } finally {
      log.push(`${name} closed`);
    }
  }
  return { state, gen };
}

/** A macrotask later: whatever the stage would do on its own by then, it has done. */
const turn = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('of', () => {
  it('emits its arguments in order, as far as asked, and infers their type', async () => {
    expect(await toArray(of(1, 2, 3))).toEqual([1, 2, 3]);
    expect(await toArray(of())).toEqual([]);
    expectTypeOf(of(1, 'a')).toEqualTypeOf<Stage<number | string>>();
    expect(of(1).name).toMatch(/^of-\d+$/);
    const subscription = openSubscription(of('a', 'b', 'c'));
    subscription.ask(2);
    expect(await subscription.next()).toEqual(['a', 'b']);
    await subscription.cancel();
  });
});

describe('concat', () => {
  it('reads each source after the one before it ended, and infers the union of their types', async () => {
    const log: string[] = [];
    const a = watched('a', [1, 2], log);
    const b = watched('b', ['x'], log);
    const stage = concat(a.gen(), from(b.gen()), [3]);
    expectTypeOf(stage).toEqualTypeOf<Stage<number | string>>();
    expect(stage.kind).toBe('concat');
    expect(await toArray(stage)).toEqual([1, 2, 'x', 3]);
    expect(log).toEqual(['a started', 'a closed', 'b started', 'b closed']);
  });

  it('does not subscribe to the next source before the previous ended', async () => {
    const first = producer<number>();
    const log: string[] = [];
    const second = watched('second', [2], log);
    const result = toArray(concat(first, second.gen()));
    first.push([1]);
    await turn();
    expect(log).toEqual([]);
    first.end();
    expect(await result).toEqual([1, 2]);
    expect(log).toEqual(['second started', 'second closed']);
  });

  it('fails with a source\'s error (the same object) after the events before it, and releases it', async () => {
    const boom = new Error('second');
    const log: string[] = [];
    const third = watched('third', [9], log);
    function* failing() {
      yield 2;
      throw boom;
    }
    const seen: number[] = [];
    const error = await consume(concat([1], failing(), third.gen()), (batch) => void seen.push(...batch)).catch((e: unknown) => e);
    expect(error).toBe(boom);
    expect(seen).toEqual([1, 2]);
    expect(log).toEqual([]);
  });

  it('releases the source being read when the consumer leaves (finally runs)', async () => {
    const endless = tracked();
    expect(await toArray(pipe(concat([-1], endless.syncGen()), take(3)))).toEqual([-1, 0, 1]);
    expect(endless.state.finallyRan).toBe(true);
  });

  it('starts over for retry when every source can', async () => {
    let runs = 0;
    const flaky = {
      *[Symbol.iterator]() {
        runs++;
        yield runs * 10;
        if (runs < 2) throw new Error('flaky');
      },
    };
    expect(await toArray(pipe(concat([1], flaky), retry(1)))).toEqual([1, 10, 1, 20]);
    expect(() => pipe(concat([1], producer<number>({ name: 'pushed' })), retry(1))).toThrow(TypeError);
  });

  it('refuses a source that is not iterable, naming its position', () => {
    expect(() => concat([1], 42 as never)).toThrow(new TypeError('source 2 must be an Iterable or AsyncIterable, got 42'));
  });
});

describe('zip', () => {
  it('pairs events by position, ends with the shortest source, and infers the tuple type', async () => {
    const stage = zip([1, 2, 3], from(['a', 'b']), of(true, false, true));
    expectTypeOf(stage).toEqualTypeOf<Stage<[number, string, boolean]>>();
    expect(await toArray(stage)).toEqual([
      [1, 'a', true],
      [2, 'b', false],
    ]);
    expect(await toArray(zip())).toEqual([]);
  });

  it('asks each source for no more events than tuples are wanted', async () => {
    const log: string[] = [];
    const numbers = watched('numbers', [1, 2, 3, 4, 5, 6], log);
    const letters = watched('letters', ['a', 'b', 'c', 'd', 'e', 'f'], log);
    const subscription = openSubscription(zip(numbers.gen(), letters.gen()));
    subscription.ask(2);
    expect(await subscription.next()).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    await turn();
    expect([numbers.state.pulled, letters.state.pulled]).toEqual([2, 2]);
    subscription.ask(2);
    expect(await subscription.next()).toEqual([
      [3, 'c'],
      [4, 'd'],
    ]);
    await turn();
    expect([numbers.state.pulled, letters.state.pulled]).toEqual([4, 4]);
    await subscription.cancel();
    expect(log.filter((line) => line.endsWith('closed')).sort()).toEqual(['letters closed', 'numbers closed']);
  });

  it('lets a fast source wait for a slow one instead of piling up', async () => {
    const slow = producer<string>();
    const log: string[] = [];
    const fast = watched('fast', Array.from({ length: 100 }, (_, i) => i), log);
    const subscription = openSubscription(zip(fast.gen(), slow), { maxDemand: 3 });
    subscription.ask(3);
    await turn();
    expect(fast.state.pulled).toBe(3);
    slow.push(['a']);
    expect(await subscription.next()).toEqual([[0, 'a']]);
    await turn();
    expect(fast.state.pulled).toBe(3);
    await subscription.cancel();
  });

  it('releases the other sources once one ended and its events are paired', async () => {
    const endless = tracked();
    expect(await toArray(zip(endless.syncGen(), ['a', 'b']))).toEqual([
      [0, 'a'],
      [1, 'b'],
    ]);
    // toArray wants 1000 tuples, so the endless source was asked for 1000: the bound is demand, not the others' length.
    expect(endless.state).toEqual({ pulled: 1000, finallyRan: true });
  });

  it('fails with a source\'s error, the same object, and releases the others', async () => {
    const boom = new Error('zip');
    const log: string[] = [];
    const other = watched('other', [1, 2, 3], log);
    async function* failing() {
      yield 'a';
      await null;
      throw boom;
    }
    await expect(toArray(zip(other.gen(), failing()))).rejects.toBe(boom);
    expect(log).toContain('other closed');
  });

  it('refuses a source that is not iterable, naming its position', () => {
    expect(() => zip([1], 'ab' as never)).toThrow(new TypeError('source 2 must be an Iterable or AsyncIterable, got "ab"'));
  });
});

describe('interval', () => {
  it('counts 0, 1, 2… one every ms after each ask, and only while there is demand', async () => {
    vi.useFakeTimers();
    const subscription = openSubscription(interval(100), { maxDemand: 1 });
    await vi.advanceTimersByTimeAsync(1000);
    // Nobody asked: no timer, no backlog.
    expect(vi.getTimerCount()).toBe(0);
    subscription.ask(1);
    const first = subscription.next();
    await vi.advanceTimersByTimeAsync(99);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await first).toEqual([0]);
    await vi.advanceTimersByTimeAsync(500);
    expect(vi.getTimerCount()).toBe(0);
    subscription.ask(1);
    const second = subscription.next();
    await vi.advanceTimersByTimeAsync(100);
    // After a pause the count goes on from where it was, the next ms after the ask.
    expect(await second).toEqual([1]);
    await subscription.cancel();
  });

  it('clears its timer when released, also while a tick is pending', async () => {
    vi.useFakeTimers();
    const subscription = openSubscription(interval(1000));
    subscription.ask(5);
    await vi.advanceTimersByTimeAsync(10);
    expect(vi.getTimerCount()).toBe(1);
    await subscription.cancel();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops at take(n) and starts over from 0 for each run', async () => {
    vi.useFakeTimers();
    const ticks = interval(10);
    const once = toArray(pipe(ticks, take(3)));
    await vi.advanceTimersByTimeAsync(30);
    expect(await once).toEqual([0, 1, 2]);
    expect(vi.getTimerCount()).toBe(0);
    const again = toArray(pipe(interval(10), map((n: number) => n * 2), take(2)));
    await vi.advanceTimersByTimeAsync(20);
    expect(await again).toEqual([0, 2]);
  });

  it('refuses a period that is not a duration', () => {
    expect(() => interval(-1)).toThrow(new RangeError('ms must be a finite number >= 0, got -1'));
    expect(() => interval('10' as never)).toThrow(new TypeError('ms must be a number >= 0, got "10"'));
  });
});

describe('merge types', () => {
  it('infers the union of its sources\' types', async () => {
    const mixed = merge(from([1]), from(['a']));
    expectTypeOf(mixed).toEqualTypeOf<Stage<number | string>>();
    expectTypeOf(merge(from([1]), [2])).toEqualTypeOf<Stage<number>>();
    expectTypeOf(merge<number>(from([1]), [2])).toEqualTypeOf<Stage<number>>();
    expect((await toArray(mixed)).sort()).toEqual([1, 'a']);
  });
});
