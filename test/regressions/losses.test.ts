// Exactly once (DESIGN §4b.1) and errors keep the past (§4b.7): no event silently vanishes, whether a
// dispatcher splits a small synchronous source, a stage fails after producing, or calls overlap.
import { describe, expect, it } from 'vitest';
import { consume, consumerSupervisor, from, partitionDispatcher, pipe, producer, toArray } from '../../src/index.js';
import { buffer, map, retry } from '../../operators/index.js';
import { cleanUp, outcome, range, show, sleep, within } from './helpers.js';

describe('a partition dispatcher over a small synchronous source', () => {
  it('gives each of two partitions its own events, losing none', async () => {
    const stage = from(range(0, 7), { name: 'numbers', dispatcher: partitionDispatcher<number>({ partitions: 2 }) });
    const [zero, one] = [toArray(stage.subscribe({ partition: 0 })), toArray(stage.subscribe({ partition: 1 }))];
    const what = () => `both partitions (stats: ${JSON.stringify(stage.stats())})`;
    const [evens, odds] = await within(Promise.all([zero, one]), undefined, what);
    expect(evens).toEqual([0, 2, 4, 6]);
    expect(odds).toEqual([1, 3, 5, 7]);
    expect(stage.stats()).toMatchObject({ emitted: 8, discarded: 0 });
  });
});

/** Sources that yield 1, 2, 3 and then throw `error`: at once, or with a pause before each item (I/O). */
const failingSources = {
  'a synchronous generator': (error: Error) =>
    (function* () {
      yield* [1, 2, 3];
      throw error;
    })(),
  'an asynchronous generator with a pause before each item': (error: Error) =>
    (async function* () {
      for (const item of [1, 2, 3]) {
        await sleep(1);
        yield item;
      }
      throw error;
    })(),
};

const stagesBetween = {
  'buffer({ size: 10 })': () => buffer<number>({ size: 10 }),
  'consumerSupervisor(3, async (x) => x)': () => consumerSupervisor(3, async (x: number) => x),
  'consumerSupervisor(3, a worker taking 5 ms)': () =>
    consumerSupervisor(3, async (x: number) => {
      await sleep(5);
      return x;
    }),
};

describe('events produced before an error reach the consumer before that same error', () => {
  for (const [sourceLabel, makeSource] of Object.entries(failingSources)) {
    for (const [stageLabel, makeStage] of Object.entries(stagesBetween)) {
      it(`through ${stageLabel}, from ${sourceLabel}`, async () => {
        const error = new Error('the source broke');
        const got: number[] = [];
        const consuming = consume(pipe(from(makeSource(error)), makeStage()), (events) => void got.push(...events));
        const settled = await outcome(consuming);
        expect(settled.status === 'rejected' && settled.reason === error, `settled ${show(settled)}`).toBe(true);
        // A consumerSupervisor emits in completion order: compare as a set of results.
        expect([...got].sort()).toEqual([1, 2, 3]);
      });
    }
  }
});

describe('retry over a source that cannot start over', () => {
  it('does not swallow the error of a generator object: it fails, with that error or a clear refusal', async () => {
    const error = new Error('the generator broke');
    const generator = (function* () {
      yield* [1, 2];
      throw error;
    })();
    let failure: unknown;
    try {
      const settled = await outcome(toArray(pipe(from(generator), retry<number>(3))));
      if (settled.status === 'fulfilled') expect.fail(`retry resolved ${JSON.stringify(settled.value)} and dropped the error`);
      if (settled.status === 'pending') expect.fail('retry neither resolved nor rejected');
      failure = settled.reason;
    } catch (refusal) {
      // Refused when the pipeline is built: the generator object cannot be subscribed again.
      if (refusal instanceof Error && refusal.name === 'AssertionError') throw refusal;
      failure = refusal;
    }
    if (failure !== error) {
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).message).toMatch(/re-?subscri|start(s)? over|restart/i);
    }
  });
});

describe("overlapping next() calls on a stage's async iterator", () => {
  it('are answered in call order, as an async generator queues them', async () => {
    const p = producer<number>({ name: 'P' });
    const iterator = p[Symbol.asyncIterator]();
    try {
      const calls = [iterator.next(), iterator.next(), iterator.next(), iterator.next()];
      p.push([1, 2]);
      p.push([3]);
      p.end();
      const results = await within(Promise.allSettled(calls), undefined, 'four overlapping next() calls');
      expect(results).toEqual([
        { status: 'fulfilled', value: { value: 1, done: false } },
        { status: 'fulfilled', value: { value: 2, done: false } },
        { status: 'fulfilled', value: { value: 3, done: false } },
        { status: 'fulfilled', value: { value: undefined, done: true } },
      ]);
    } finally {
      await cleanUp(() => p.end(), () => iterator.return?.());
    }
  });

  it('on an operator over an asynchronous source, each event is delivered once, in order', async () => {
    const source = (async function* () {
      for (let i = 1; i <= 5; i++) {
        await new Promise((resolve) => setImmediate(resolve));
        yield i;
      }
    })();
    const iterator = pipe(from(source), map((x: number) => x * 10))[Symbol.asyncIterator]();
    try {
      const calls = range(1, 6).map(() => iterator.next());
      const results = await within(Promise.allSettled(calls), undefined, 'six overlapping next() calls');
      expect(results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason))).toEqual([
        ...[10, 20, 30, 40, 50].map((value) => ({ value, done: false })),
        { value: undefined, done: true },
      ]);
    } finally {
      await cleanUp(() => iterator.return?.());
    }
  });
});
