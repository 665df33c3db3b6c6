// The per-event operators: map, filter, tap, scan, take, takeWhile, skip, skipWhile, distinctUntilChanged, pairwise.
import { describe, expect, it } from 'vitest';
import {
  distinctUntilChanged,
  filter,
  map,
  pairwise,
  scan,
  skip,
  skipWhile,
  take,
  takeWhile,
  tap,
} from '../operators/index.js';
import { consume, from, pipe, toArray, type Operator, type Stage } from '../src/index.js';
import { counter, range, tracked } from './helpers.js';


/** Consumes a stage, keeping what arrived before an error, and the error. */
async function collect<T>(stage: Stage<T>, options?: { maxDemand?: number }): Promise<{ events: T[]; error: unknown }> {
  const events: T[] = [];
  try {
    await consume(stage, (batch) => void events.push(...batch), options);
    return { events, error: undefined };
  } catch (error) {
    return { events, error };
  }
}

describe('map', () => {
  it('maps each event with its index', async () => {
    expect(await toArray(pipe(['a', 'b', 'c'], map((x: string, i) => `${i}${x}`)))).toEqual(['0a', '1b', '2c']);
  });

  it('awaits an async fn one event at a time, keeping order', async () => {
    let running = 0;
    let peak = 0;
    const slowFirst = async (x: number) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, x === 1 ? 5 : 0));
      running--;
      return x * 10;
    };
    expect(await toArray(pipe([1, 2, 3], map(slowFirst)))).toEqual([10, 20, 30]);
    expect(peak).toBe(1);
  });

  it('handles an fn that returns a promise for some events only', async () => {
    const sometimes = (x: number) => (x % 2 === 0 ? Promise.resolve(-x) : x);
    expect(await toArray(pipe(range(1, 6), map(sometimes)))).toEqual([1, -2, 3, -4, 5, -6]);
  });

  it('delivers the events before a throwing fn, then its error, the same object', async () => {
    const boom = new Error('boom');
    const stage = pipe(range(1, 10), map((x: number) => {
      if (x === 4) throw boom;
      return x;
    }));
    const { events, error } = await collect(stage);
    expect(events).toEqual([1, 2, 3]);
    expect(error).toBe(boom);
  });

  it('delivers the events before a rejected async fn, then its error', async () => {
    const boom = new Error('async boom');
    const { events, error } = await collect(pipe(range(1, 5), map(async (x: number) => {
      if (x === 3) throw boom;
      return x;
    })));
    expect(events).toEqual([1, 2]);
    expect(error).toBe(boom);
  });

  it('passes an upstream error on after the events before it', async () => {
    const boom = new Error('source boom');
    function* failing() {
      yield 1;
      yield 2;
      throw boom;
    }
    const { events, error } = await collect(pipe(failing(), map((x: number) => x * 2)));
    expect(events).toEqual([2, 4]);
    expect(error).toBe(boom);
  });
});

describe('filter', () => {
  it('keeps the events the predicate is true for, with their index', async () => {
    expect(await toArray(pipe(range(1, 6), filter((x: number) => x % 2 === 0)))).toEqual([2, 4, 6]);
    expect(await toArray(pipe(['a', 'b', 'c'], filter((_: string, i) => i !== 1)))).toEqual(['a', 'c']);
  });

  it('narrows with a type guard, and filter(Boolean) drops falsy events', async () => {
    const strings: Stage<string> = pipe([1, 'a', 2, 'b'] as (number | string)[], filter((x): x is string => typeof x === 'string'));
    expect(await toArray(strings)).toEqual(['a', 'b']);
    const truthy: Stage<number> = pipe([0, 1, null, 2, undefined] as (number | null | undefined)[], filter(Boolean));
    expect(await toArray(truthy)).toEqual([1, 2]);
  });
});

describe('tap', () => {
  it('sees each event and passes it on unchanged', async () => {
    const seen: number[] = [];
    expect(await toArray(pipe([1, 2, 3], tap((x: number) => void seen.push(x))))).toEqual([1, 2, 3]);
    expect(seen).toEqual([1, 2, 3]);
  });
});

describe('scan', () => {
  it('emits each running total from the seed', async () => {
    expect(await toArray(pipe([1, 2, 3], scan((sum: number, x: number) => sum + x, 10)))).toEqual([11, 13, 16]);
    expect(await toArray(pipe(['a', 'b'], scan((acc: string[], x: string, i) => [...acc, `${i}${x}`], [] as string[])))).toEqual([
      ['0a'],
      ['0a', '1b'],
    ]);
  });

  it('starts from the first event without a seed', async () => {
    expect(await toArray(pipe([5, 1, 2], scan((sum: number, x: number) => sum + x)))).toEqual([5, 6, 8]);
  });

  it('keeps its total per stage: the same operator applied twice starts over', async () => {
    const running = scan((sum: number, x: number) => sum + x, 0);
    expect(await toArray(pipe([1, 2], running))).toEqual([1, 3]);
    expect(await toArray(pipe([1, 2], running))).toEqual([1, 3]);
  });
});

describe('take', () => {
  it('passes on the first n events and completes', async () => {
    expect(await toArray(pipe(range(1, 10), take(3)))).toEqual([1, 2, 3]);
    expect(await toArray(pipe([1, 2], take(5)))).toEqual([1, 2]);
    expect(await toArray(pipe([1, 2], take(Infinity)))).toEqual([1, 2]);
  });

  it('take(0) completes without asking upstream', async () => {
    const { stage, demands } = counter();
    expect(await toArray(pipe(stage, take(0)))).toEqual([]);
    expect(demands).toEqual([]);
  });

  it('asks a producer for no more than it needs', async () => {
    const { stage, demands } = counter();
    expect(await toArray(pipe(stage, take(3)))).toEqual([0, 1, 2]);
    expect(demands.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3);
  });

  it('asks no more than needed through the one-to-one and skipping steps before it', async () => {
    const { stage, demands } = counter({ messageSize: 1 });
    expect(await toArray(pipe(stage, map((x: number) => x * 2), skip(2), take(3)))).toEqual([4, 6, 8]);
    expect(demands.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('with a large n asks per GenStage rule and stops at n', async () => {
    const { stage, demands } = counter();
    const events = await toArray(pipe(stage, take(1500)));
    expect(events).toEqual(range(0, 1499));
    expect(demands).toEqual([1000, 500]);
  });

  it('releases upstream at once: a sync or async generator finally runs before the consumer is done', async () => {
    const sync = tracked();
    expect(await toArray(pipe(sync.syncGen(), take(2)))).toEqual([0, 1]);
    expect(sync.state.finallyRan).toBe(true);
    const async = tracked();
    expect(await toArray(pipe(async.asyncGen(), take(2)))).toEqual([0, 1]);
    expect(async.state.finallyRan).toBe(true);
  });

  it('stops pulling a generator once it has n', async () => {
    const { state, asyncGen } = tracked();
    await toArray(pipe(asyncGen(), map((x: number) => x), take(3)));
    expect(state.pulled).toBe(3);
  });
});

describe('takeWhile', () => {
  it('passes on events while the predicate holds, then releases upstream', async () => {
    const { state, syncGen } = tracked();
    expect(await toArray(pipe(syncGen(), takeWhile((x: number) => x < 3)))).toEqual([0, 1, 2]);
    expect(state.finallyRan).toBe(true);
  });

  it('with inclusive, also passes on the first event that failed', async () => {
    expect(await toArray(pipe([1, 2, 5, 1], takeWhile((x: number) => x < 3, true)))).toEqual([1, 2, 5]);
  });
});

describe('skip and skipWhile', () => {
  it('skip drops the first n events', async () => {
    expect(await toArray(pipe(range(1, 5), skip(2)))).toEqual([3, 4, 5]);
    expect(await toArray(pipe(range(1, 2), skip(5)))).toEqual([]);
    expect(await toArray(pipe(range(1, 2), skip(0)))).toEqual([1, 2]);
  });

  it('skipWhile drops events until the predicate first fails', async () => {
    expect(await toArray(pipe([1, 2, 5, 1, 2], skipWhile((x: number) => x < 3)))).toEqual([5, 1, 2]);
  });
});

describe('distinctUntilChanged', () => {
  it('drops an event equal to the one before it', async () => {
    expect(await toArray(pipe([1, 1, 2, 2, 2, 1, 3, 3], distinctUntilChanged()))).toEqual([1, 2, 1, 3]);
  });

  it('uses the comparator and key selector when given', async () => {
    const sameParity = (a: number, b: number) => a % 2 === b % 2;
    expect(await toArray(pipe([1, 3, 2, 4, 5], distinctUntilChanged(sameParity)))).toEqual([1, 2, 5]);
    const rows = [{ id: 1, v: 'a' }, { id: 1, v: 'b' }, { id: 2, v: 'c' }];
    expect(await toArray(pipe(rows, distinctUntilChanged(undefined, (r: { id: number }) => r.id)))).toEqual([rows[0], rows[2]]);
  });
});

describe('pairwise', () => {
  it('pairs each event with the one before it', async () => {
    expect(await toArray(pipe([1, 2, 3, 4], pairwise()))).toEqual([[1, 2], [2, 3], [3, 4]]);
    expect(await toArray(pipe([1], pairwise()))).toEqual([]);
  });
});

describe('every per-event operator', () => {
  const all: [string, () => Operator<number, unknown>][] = [
    ['map', () => map((x: number) => x)],
    ['filter', () => filter((x: number) => x > 0)],
    ['tap', () => tap(() => undefined)],
    ['scan', () => scan((a: number, x: number) => a + x, 0)],
    ['take', () => take(2)],
    ['takeWhile', () => takeWhile(() => true)],
    ['skip', () => skip(1)],
    ['skipWhile', () => skipWhile(() => false)],
    ['distinctUntilChanged', () => distinctUntilChanged()],
    ['pairwise', () => pairwise()],
  ];

  it.each(all)('%s completes at once on an empty source', async (_, make) => {
    expect(await toArray(pipe(from([] as number[]), make()))).toEqual([]);
  });

  it.each(all)('%s passes an upstream error on as the same object', async (_, make) => {
    const boom = new Error('upstream');
    async function* failing(): AsyncGenerator<number> {
      throw boom;
    }
    const { error } = await collect(pipe(failing(), make()));
    expect(error).toBe(boom);
  });

  it.each(all)('%s releases upstream when its consumer stops early', async (_, make) => {
    const { state, asyncGen } = tracked();
    for await (const _event of pipe(asyncGen(), make())) break;
    expect(state.finallyRan).toBe(true);
  });
});
