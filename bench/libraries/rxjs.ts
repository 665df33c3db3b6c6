// RxJS 7, written as its docs show: `from(...).pipe(operators)` with `lastValueFrom` or `forEach`.
// RxJS pushes: nothing here is back-pressured, which is the point of comparing with it.
import { from, groupBy, ignoreElements, lastValueFrom, map, filter, merge, mergeMap, reduce, tap } from 'rxjs';
import type { Contender } from '../types.js';

const add = (a: number, x: number): number => a + x;

export const contenders: Contender[] = [
  {
    id: 'RxJS',
    kind: 'peer',
    packageName: 'rxjs',
    how: '`from(data).pipe(map, filter, map, reduce)` + `lastValueFrom`; S2 `mergeMap(work, 50)` (buffers the rest); S3 `groupBy(x % 4)`, a static split, not by demand; S5 `merge`',
    S1(data) {
      return lastValueFrom(from(data).pipe(map((x) => x * 2), filter((x) => x % 3 !== 0), map((x) => x + 1), reduce(add, 0)));
    },
    S2(items, work, limit) {
      return lastValueFrom(from(items).pipe(mergeMap((x) => work(x), limit), reduce(add, 0)));
    },
    async S3(data, shares) {
      const split = from(data).pipe(
        groupBy((x) => x % shares.consumers),
        mergeMap((group) => group.pipe(tap((x) => shares.take(group.key, x)))),
        ignoreElements(),
      );
      await lastValueFrom(split, { defaultValue: undefined });
    },
    S4(source, sink) {
      return from(source()).pipe(map((x) => x * 2), map((x) => x + 1)).forEach((x) => sink.take(x));
    },
    S5(sources, tally) {
      return merge(...sources.map((source) => from(source))).forEach((x) => tally.take(x));
    },
  },
];
