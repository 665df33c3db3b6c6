// Effect 4 `Stream`, written as its docs show: `Stream.fromIterable(...).pipe(Stream.map, …, Stream.runSum)`.
// Effect streams move chunks (arrays), so the consumers here take whole arrays with `runForEachArray`.
import { Effect, Stream } from 'effect';
import type { Contender } from '../types.js';

// S3's queue between the source and the consumers: Effect's default chunk size.
const QUEUE_CAPACITY = 4096;

export const contenders: Contender[] = [
  {
    id: 'Effect Stream',
    kind: 'peer',
    packageName: 'effect',
    how: '`Stream.fromIterable(data).pipe(map, filter, map, runSum)`; S2 `mapEffect(x => Effect.promise(() => work(x)), { concurrency: 50, unordered: true })`; S3 `toQueue` read by 4 `fromQueue` fibers; S5 `mergeAll(…, { concurrency: "unbounded" })`',
    S1(data) {
      return Effect.runPromise(
        Stream.fromIterable(data).pipe(
          Stream.map((x) => x * 2),
          Stream.filter((x: number) => x % 3 !== 0),
          Stream.map((x) => x + 1),
          Stream.runSum,
        ),
      );
    },
    S2(items, work, limit) {
      return Effect.runPromise(
        Stream.fromIterable(items).pipe(
          Stream.mapEffect((x) => Effect.promise(() => work(x)), { concurrency: limit, unordered: true }),
          Stream.runSum,
        ),
      );
    },
    S3(data, shares) {
      const program = Effect.gen(function* () {
        const queue = yield* Stream.toQueue(Stream.fromIterable(data), { capacity: QUEUE_CAPACITY });
        const consumer = (k: number) =>
          Stream.fromQueue(queue).pipe(Stream.runForEachArray((xs) => Effect.sync(() => shares.takeBatch(k, xs))));
        yield* Effect.all(Array.from({ length: shares.consumers }, (_, k) => consumer(k)), { concurrency: 'unbounded' });
      });
      return Effect.runPromise(Effect.scoped(program));
    },
    S4(source, sink) {
      return Effect.runPromise(
        Stream.fromIterable(source()).pipe(
          Stream.map((x) => x * 2),
          Stream.map((x) => x + 1),
          Stream.runForEachArray((xs) => Effect.sync(() => sink.takeBatch(xs))),
        ),
      );
    },
    S5(sources, tally) {
      return Effect.runPromise(
        Stream.mergeAll(sources.map((source) => Stream.fromIterable(source)), { concurrency: 'unbounded' }).pipe(
          Stream.runForEachArray((xs) => Effect.sync(() => tally.takeBatch(xs))),
        ),
      );
    },
  },
];
