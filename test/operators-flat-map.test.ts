// concatMap (flatMap is the same operator): iterables, async iterables and stages, one after the other, pulled exactly as far as asked.
import { describe, expect, it } from 'vitest';
import { concatMap, flatMap, take } from '../operators/index.js';
import { consume, from, openSubscription, pipe, producer, toArray } from '../src/index.js';
import { counter } from './helpers.js';

describe('flatMap', () => {
  it('flattens arrays, Sets, generators, async generators and stages, in order', async () => {
    expect(await toArray(pipe([1, 2], flatMap((x: number) => [x, x * 10])))).toEqual([1, 10, 2, 20]);
    expect(await toArray(pipe([1, 2], flatMap((x: number) => new Set([x, -x]))))).toEqual([1, -1, 2, -2]);
    const gen = function* (x: number) {
      yield x;
      yield x + 0.5;
    };
    expect(await toArray(pipe([1, 2], flatMap(gen)))).toEqual([1, 1.5, 2, 2.5]);
    const slow = async function* (x: string) {
      await new Promise((resolve) => setTimeout(resolve, x === 'a' ? 5 : 0));
      yield `${x}1`;
      yield `${x}2`;
    };
    expect(await toArray(pipe(['a', 'b'], flatMap(slow)))).toEqual(['a1', 'a2', 'b1', 'b2']);
    expect(await toArray(pipe([3], flatMap((x: number) => from([x, x]))))).toEqual([3, 3]);
  });

  it('gives fn the index of each outer event, and skips empty inner sources', async () => {
    expect(await toArray(pipe(['a', 'b', 'c'], flatMap((x: string, i) => (i === 1 ? [] : [`${i}${x}`]))))).toEqual(['0a', '2c']);
  });

  it('asks upstream for one outer event at a time, only when an inner source is exhausted', async () => {
    const { stage, demands } = counter();
    const subscription = openSubscription(pipe(stage, flatMap((x: number) => [x, x])));
    subscription.ask(3);
    expect(await subscription.next()).toEqual([0, 0]);
    expect(await subscription.next()).toEqual([1]);
    expect(demands).toEqual([1, 1]);
    await subscription.cancel();
  });

  it('takes from an inner generator no more events than were asked for', async () => {
    let pulled = 0;
    const endless = function* () {
      for (;;) {
        pulled++;
        yield pulled;
      }
    };
    const subscription = openSubscription(pipe([0], flatMap(endless)));
    subscription.ask(4);
    expect(await subscription.next()).toEqual([1, 2, 3, 4]);
    expect(pulled).toBe(4);
    subscription.ask(2);
    expect(await subscription.next()).toEqual([5, 6]);
    expect(pulled).toBe(6);
    await subscription.cancel();
  });

  it('asks an inner stage for exactly what is wanted', async () => {
    const inner = counter();
    const events = await toArray(pipe([0], flatMap(() => inner.stage), take(5)));
    expect(events).toEqual([0, 1, 2, 3, 4]);
    expect(inner.demands.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5);
  });

  it('closes the inner and outer generators when the consumer stops early', async () => {
    const closed: string[] = [];
    const outer = async function* () {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed.push('outer');
      }
    };
    const inner = function* (x: number) {
      try {
        for (;;) yield x;
      } finally {
        closed.push('inner');
      }
    };
    for await (const _ of pipe(outer(), flatMap(inner))) break;
    expect(closed.sort()).toEqual(['inner', 'outer']);
  });

  it('delivers the events before an inner error, then the error, the same object', async () => {
    const boom = new Error('inner');
    const inner = function* () {
      yield 1;
      yield 2;
      throw boom;
    };
    const seen: number[] = [];
    const error = await consume(pipe([0, 1], flatMap(inner)), (batch) => void seen.push(...batch)).catch((e: unknown) => e);
    expect(seen).toEqual([1, 2]);
    expect(error).toBe(boom);
  });

  it('fails with a clear TypeError when fn returns something not iterable', async () => {
    const error = await toArray(pipe([1], flatMap(() => 42 as unknown as number[]))).catch((e: unknown) => e);
    expect(error).toEqual(new TypeError('the result of concatMap fn must be an Iterable or AsyncIterable, got 42'));
  });

  it('completes when upstream completes after the last inner source', async () => {
    const source = producer<number>();
    const result = toArray(pipe(source, flatMap((x: number) => [x, x])));
    source.push([1]);
    source.push([2]);
    source.end();
    expect(await result).toEqual([1, 1, 2, 2]);
  });

  it('is concatMap under the iterator helpers\' name: one operator, one stage kind', async () => {
    expect(flatMap).toBe(concatMap);
    const stage = pipe([1, 2], concatMap((x: number) => [x, x]));
    expect(stage.kind).toBe('concatMap');
    expect(await toArray(stage)).toEqual([1, 1, 2, 2]);
  });
});
