// IxJS 7 (`ix/asynciterable`), written as its README shows: `from(...).pipe(operators)`, then an aggregate or `for await`.
import { from, merge, sum } from 'ix/asynciterable';
import { filter, flatMap, map, share } from 'ix/asynciterable/operators';
import type { Contender } from '../types.js';

export const contenders: Contender[] = [
  {
    id: 'IxJS',
    kind: 'peer',
    packageName: 'ix',
    how: '`from(data).pipe(map, filter, map)` then `sum`; S2 `flatMap(x => from(work(x)), 50)`; S3 4 iterators of one `share()`; S5 `merge`. The `ix` package resolves to its ES2015 build (async generators emulated by tslib); the anchor figure used @reactivex/ix-esnext-esm, which is not installed',
    S1(data) {
      return sum(from(data).pipe(map((x: number) => x * 2), filter((x: number) => x % 3 !== 0), map((x: number) => x + 1)));
    },
    S2(items, work, limit) {
      return sum(from(items).pipe(flatMap((x: number) => from(work(x)), limit)));
    },
    async S3(data, shares) {
      // share(): every iterator of the shared sequence fetches the next element of one source iterator.
      const shared = from(data).pipe(share());
      const consumer = async (k: number): Promise<void> => {
        for await (const x of shared) shares.take(k, x);
      };
      await Promise.all(Array.from({ length: shares.consumers }, (_, k) => consumer(k)));
    },
    async S4(source, sink) {
      for await (const x of from(source()).pipe(map((x: number) => x * 2), map((x: number) => x + 1))) sink.take(x);
    },
    async S5(sources, tally) {
      const [first, ...rest] = sources.map((source) => from(source));
      for await (const x of merge(first!, ...rest)) tally.take(x);
    },
  },
];
