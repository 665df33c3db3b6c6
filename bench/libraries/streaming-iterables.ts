// streaming-iterables 8, written as its README shows: curried functions composed with `pipeline()`.
import { filter, map, merge, pipeline, reduce, transform } from 'streaming-iterables';
import type { Contender } from '../types.js';

const add = (a: number, x: number): number => a + x;

export const contenders: Contender[] = [
  {
    id: 'streaming-iterables',
    kind: 'peer',
    packageName: 'streaming-iterables',
    how: '`pipeline(() => data, map, filter, map, reduce)`; S2 `transform(50, work)` (unordered); S5 `merge`',
    S1(data) {
      return pipeline(
        () => data,
        map((x: number) => x * 2),
        filter((x: number) => x % 3 !== 0),
        map((x: number) => x + 1),
        reduce(add, 0),
      );
    },
    S2(items, work, limit) {
      return reduce(add, 0, transform(limit, work, items));
    },
    S3: { na: 'no fan-out: every function reads one iterable for one consumer' },
    async S4(source, sink) {
      for await (const x of pipeline(source, map((x: number) => x * 2), map((x: number) => x + 1))) sink.take(x);
    },
    async S5(sources, tally) {
      for await (const x of merge(...sources)) tally.take(x);
    },
  },
];
