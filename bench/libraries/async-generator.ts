// A hand-written async-generator chain: what a careful user writes with no library.
import type { Contender } from '../types.js';

async function* fromIterable<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

async function* map<A, B>(source: AsyncIterable<A>, f: (a: A) => B): AsyncGenerator<B> {
  for await (const a of source) yield f(a);
}

async function* filter<A>(source: AsyncIterable<A>, keep: (a: A) => boolean): AsyncGenerator<A> {
  for await (const a of source) if (keep(a)) yield a;
}

/** Runs `f` on up to `limit` items at once and yields results as they finish. */
async function* mapConcurrent<A, B>(source: AsyncIterable<A>, limit: number, f: (a: A) => Promise<B>): AsyncGenerator<B> {
  const running = new Map<number, Promise<[number, B]>>();
  let id = 0;
  const settleOne = async (): Promise<B> => {
    const [key, result] = await Promise.race(running.values());
    running.delete(key);
    return result;
  };
  for await (const a of source) {
    const key = id++;
    running.set(key, f(a).then((b): [number, B] => [key, b]));
    if (running.size >= limit) yield await settleOne();
  }
  while (running.size > 0) yield await settleOne();
}

/** Yields from every source as values arrive, one pending `next()` per source. */
async function* merge<T>(sources: AsyncIterable<T>[]): AsyncGenerator<T> {
  const iterators = sources.map((source) => source[Symbol.asyncIterator]());
  const pending = new Map<number, Promise<[number, IteratorResult<T>]>>();
  const pull = (i: number): void => {
    pending.set(i, iterators[i]!.next().then((r): [number, IteratorResult<T>] => [i, r]));
  };
  iterators.forEach((_, i) => pull(i));
  while (pending.size > 0) {
    const [i, result] = await Promise.race(pending.values());
    if (result.done) {
      pending.delete(i);
    } else {
      pull(i);
      yield result.value;
    }
  }
}

export const contenders: Contender[] = [
  {
    id: 'async generator chain',
    kind: 'peer',
    how: 'one async generator per step, `for await` at the end; S2 races a Map of in-flight promises; S3 has 4 loops pull one shared generator; S5 races one pending next() per source',
    async S1(data) {
      const steps = map(filter(map(fromIterable(data), (x) => x * 2), (x) => x % 3 !== 0), (x) => x + 1);
      let sum = 0;
      for await (const x of steps) sum += x;
      return sum;
    },
    async S2(items, work, limit) {
      let sum = 0;
      for await (const result of mapConcurrent(fromIterable(items), limit, work)) sum += result;
      return sum;
    },
    async S3(data, shares) {
      const shared = fromIterable(data);
      const consumer = async (k: number): Promise<void> => {
        for await (const x of shared) shares.take(k, x);
      };
      await Promise.all(Array.from({ length: shares.consumers }, (_, k) => consumer(k)));
    },
    async S4(source, sink) {
      for await (const x of map(map(fromIterable(source()), (x) => x * 2), (x) => x + 1)) sink.take(x);
    },
    async S5(sources, tally) {
      for await (const x of merge(sources.map((source) => fromIterable(source)))) tally.take(x);
    },
  },
];
