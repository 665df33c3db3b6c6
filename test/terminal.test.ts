// Terminal helpers: reduce, forEach, first, find, some, every.
import { describe, expect, it } from 'vitest';
import { map } from '../operators/index.js';
import { every, find, first, forEach, from, pipe, reduce, some } from '../src/index.js';
import { counter, range, sleep } from './helpers.js';

function endless() {
  const state = { pulled: 0, finallyRan: false };
  function* gen() {
    try {
      for (;;) yield state.pulled++;
    } finally {
      state.finallyRan = true;
    }
  }
  return { state, gen };
}

describe('reduce', () => {
  it('folds every event from the seed, with its index', async () => {
    expect(await reduce(from(range(1, 100)), (sum: number, x: number) => sum + x, 0)).toBe(5050);
    expect(await reduce(['a', 'b'], (acc: string, x: string, i) => `${acc}${i}${x}`, '>')).toBe('>0a1b');
  });

  it('starts from the first event without a seed', async () => {
    expect(await reduce(from([5, 1, 2]), (sum: number, x: number) => sum + x)).toBe(8);
  });

  it('gives the seed for an empty source, and rejects an empty source with no seed', async () => {
    expect(await reduce(from([] as number[]), (sum: number, x: number) => sum + x, 7)).toBe(7);
    await expect(reduce(from([] as number[]), (sum: number, x: number) => sum + x)).rejects.toEqual(
      new TypeError('reduce of an empty source with no seed'),
    );
  });

  it('rejects with an error fn throws, the same object', async () => {
    const boom = new Error('boom');
    await expect(reduce([1, 2], () => {
      throw boom;
    }, 0)).rejects.toBe(boom);
  });
});

describe('forEach', () => {
  it('calls fn for each event in order, awaiting a promise it returns before the next event', async () => {
    const seen: string[] = [];
    await forEach(from([1, 2, 3]), async (x: number, i) => {
      seen.push(`start ${x}@${i}`);
      await sleep(x === 1 ? 5 : 0);
      seen.push(`end ${x}`);
    });
    expect(seen).toEqual(['start 1@0', 'end 1', 'start 2@1', 'end 2', 'start 3@2', 'end 3']);
  });

  it('rejects with the error of the source, the same object', async () => {
    const boom = new Error('source');
    async function* failing() {
      yield 1;
      throw boom;
    }
    await expect(forEach(failing(), () => undefined)).rejects.toBe(boom);
  });
});

describe('first', () => {
  it('gives the first event and asks a producer for one event only', async () => {
    const { stage, demands } = counter();
    expect(await first(stage)).toBe(0);
    expect(demands).toEqual([1]);
  });

  it('gives undefined for an empty source', async () => {
    expect(await first(from([]))).toBeUndefined();
  });

  it('releases upstream before it resolves', async () => {
    const { state, gen } = endless();
    expect(await first(pipe(gen(), map((x: number) => x * 2)))).toBe(0);
    expect(state.finallyRan).toBe(true);
  });
});

describe('find, some and every', () => {
  it('find gives the first match or undefined', async () => {
    expect(await find(from([1, 5, 10]), (x: number) => x > 3)).toBe(5);
    expect(await find(from([1, 5, 10]), (x: number) => x > 30)).toBeUndefined();
    expect(await find(from(['a', 'b']), (_: string, i) => i === 1)).toBe('b');
  });

  it('some and every answer like the array methods, empty source included', async () => {
    expect(await some(from([1, 5]), (x: number) => x > 3)).toBe(true);
    expect(await some(from([1, 2]), (x: number) => x > 3)).toBe(false);
    expect(await some(from([] as number[]), () => true)).toBe(false);
    expect(await every(from([4, 5]), (x: number) => x > 3)).toBe(true);
    expect(await every(from([4, 1]), (x: number) => x > 3)).toBe(false);
    expect(await every(from([] as number[]), () => false)).toBe(true);
  });

  it('stop pulling and release upstream as soon as the answer is known', async () => {
    for (const ask of [
      (source: Iterable<number>) => find(source, (x: number) => x === 3, { maxDemand: 2 }),
      (source: Iterable<number>) => some(source, (x: number) => x === 3, { maxDemand: 2 }),
      (source: Iterable<number>) => every(source, (x: number) => x < 3, { maxDemand: 2 }),
    ]) {
      const { state, gen } = endless();
      await ask(gen());
      expect(state.finallyRan).toBe(true);
      expect(state.pulled).toBeLessThanOrEqual(6);
    }
  });

  it('await a predicate that returns a promise', async () => {
    expect(await find(from([1, 2, 3]), async (x: number) => x === 2)).toBe(2);
    expect(await every(from([1, 2, 3]), async (x: number) => x > 0)).toBe(true);
  });

  it('reject with an error the predicate throws, the same object', async () => {
    const boom = new Error('pred');
    await expect(some(from([1]), () => {
      throw boom;
    })).rejects.toBe(boom);
  });
});

describe('bad arguments and cancellation', () => {
  it('a handler that is not a function is refused at once', () => {
    expect(() => reduce([1], 1 as never, 0)).toThrow(new TypeError('fn must be a function, got 1'));
    expect(() => forEach([1], null as never)).toThrow(new TypeError('fn must be a function, got null'));
    expect(() => find([1], 'x' as never)).toThrow(new TypeError('pred must be a function, got "x"'));
    expect(() => some(5 as never, () => true)).toThrow(new TypeError('source must be an Iterable or AsyncIterable, got 5'));
  });

  it('an aborted signal rejects with its reason and releases upstream', async () => {
    const { state, gen } = endless();
    const controller = new AbortController();
    const reason = new Error('stop');
    const result = forEach(gen(), async (x: number) => {
      if (x === 10) controller.abort(reason);
      await sleep(0);
    }, { signal: controller.signal });
    await expect(result).rejects.toBe(reason);
    expect(state.finallyRan).toBe(true);
  });
});
