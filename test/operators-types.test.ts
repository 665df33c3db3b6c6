// Types flow through operators as they do through RxJS's pipe: no annotations needed after the source.
import { describe, expectTypeOf, it } from 'vitest';
import { batch, catchError, filter, flatMap, map, pairwise, scan, take } from '../operators/index.js';
import { from, pipe, reduce, type Stage } from '../src/index.js';

describe('operator types', () => {
  it('infers each event type along a chain', () => {
    const stage = from([1, 2, 3]).pipe(
      map((x) => x * 2),
      filter((x) => x > 2),
      map((x) => `#${x}`),
      take(2),
    );
    expectTypeOf(stage).toEqualTypeOf<Stage<string>>();
    expectTypeOf(pipe([1, 2], map(async (x) => [x]))).toEqualTypeOf<Stage<number[]>>();
    expectTypeOf(pipe([1, 2], pairwise())).toEqualTypeOf<Stage<[number, number]>>();
    expectTypeOf(pipe([1, 2], batch({ size: 2 }))).toEqualTypeOf<Stage<number[]>>();
    expectTypeOf(pipe(['a'], flatMap((s) => [s.length]))).toEqualTypeOf<Stage<number>>();
    expectTypeOf(pipe([1], scan((acc: string, x) => acc + x, ''))).toEqualTypeOf<Stage<string>>();
    expectTypeOf(pipe([1], catchError(() => ['fallback']))).toEqualTypeOf<Stage<number | string>>();
  });

  it('narrows with a type guard and with Boolean', () => {
    const mixed = from<number | string | null>([1, 'a', null]);
    expectTypeOf(mixed.pipe(filter((x): x is string => typeof x === 'string'))).toEqualTypeOf<Stage<string>>();
    expectTypeOf(mixed.pipe(filter(Boolean))).toEqualTypeOf<Stage<number | string>>();
  });

  it('types the terminal helpers', () => {
    expectTypeOf(reduce([1, 2], (sum: number, x: number) => sum + x, 0)).toEqualTypeOf<Promise<number>>();
  });
});
