// PartitionDispatcher: GenStage's unit tests (semantics §8.17) against the dispatcher object, the bounded
// partition queues, errors, and properties through a real producer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { from, openSubscription, partitionDispatcher, producer, toArray } from '../src/index.js';
import { collect, context, range, settle, target } from './dispatchers-fixtures.js';

const byRemainder = (count: number, bufferSize?: number, ctx = context(bufferSize)) =>
  partitionDispatcher<number>({ partitions: count, hash: (n) => n % count }).create(ctx);

describe('partitionDispatcher, as GenStage.PartitionDispatcher (§8.17)', () => {
  it('pools demand over partitions; a leaver’s demand is not asked twice; unconsumed partitions queue (155)', () => {
    const d = byRemainder(2);
    const [p0, p1] = [target<number>({ partition: 0 }), target<number>({ partition: 1 })];
    expect(d.subscribe(p0)).toBe(0);
    expect(d.ask(3, p0)).toBe(3);
    expect(d.cancel(p0)).toBe(0); // pending 3
    d.subscribe(p0);
    expect(d.ask(5, p0)).toBe(2);
    expect(d.dispatch([1, 3, 2, 4, 9, 11])).toEqual([11]); // 5 events were asked upstream
    expect(p0.events).toEqual([2, 4]);
    d.subscribe(p1);
    expect(d.ask(2, p1)).toBe(2); // its queue answers at once, and the pool still asks upstream
    expect(p1.events).toEqual([1, 3]);
  });

  it('delivers within demand and leaves the excess beyond the pooled demand (156)', () => {
    const d = byRemainder(1);
    const p0 = target<number>({ partition: 0 });
    d.subscribe(p0);
    d.ask(3, p0);
    expect(d.dispatch([1, 3, 5, 9, 11])).toEqual([9, 11]);
    expect(p0.batches).toEqual([[1, 3, 5]]);
  });

  it('routes named partitions with a custom hash (157)', () => {
    const d = partitionDispatcher<number>({ partitions: ['odd', 'even'], hash: (n) => (n % 2 ? 'odd' : 'even') }).create(context());
    const [odd, even] = [target<number>({ partition: 'odd' }), target<number>({ partition: 'even' })];
    d.subscribe(odd);
    d.subscribe(even);
    d.ask(3, odd);
    d.ask(3, even);
    expect(d.dispatch([1, 2, 3, 4, 5, 6, 7, 8, 15, 17])).toEqual([7, 8, 15, 17]);
    expect([odd.events, even.events]).toEqual([[1, 3, 5], [2, 4, 6]]);
    expect(d.dispatch([7])).toEqual([7]);
  });

  it('drops events the hash maps to null without using up demand, as GenStage (158)', async () => {
    const ctx = context();
    const d = partitionDispatcher<number>({ partitions: 1, hash: (n) => (n % 3 === 0 ? null : 0) }).create(ctx);
    const p0 = target<number>({ partition: 0 });
    d.subscribe(p0);
    d.ask(10, p0);
    expect(d.dispatch([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])).toBeUndefined();
    expect(p0.events).toEqual([1, 2, 4, 5, 7, 8, 10, 11]);
    await settle();
    expect(ctx.requested).toEqual([]); // nothing to ask again: the dropped events used no demand
    expect(d.dispatch([13, 14, 15, 16])).toEqual([15, 16]); // demand 2 left: 13 and 14, then the walk stops
    expect(p0.events).toEqual([1, 2, 4, 5, 7, 8, 10, 11, 13, 14]);
  });

  it('asks a pulled source again for dropped events, so its subscribers never wait for them', async () => {
    const stage = from(range(0, 100), {
      dispatcher: partitionDispatcher({ partitions: 2, hash: (n: number) => (n % 3 === 0 ? null : n % 2) }),
    });
    const [even, odd] = [0, 1].map((partition) => toArray(stage.subscribe({ partition, maxDemand: 4, minDemand: 0 })));
    expect(await even).toEqual(range(0, 100).filter((n) => n % 3 !== 0 && n % 2 === 0));
    expect(await odd).toEqual(range(0, 100).filter((n) => n % 3 !== 0 && n % 2 === 1));
  });

  it('queues events of a partition nobody consumes, for its first subscriber (159)', () => {
    const d = byRemainder(2);
    const p0 = target<number>({ partition: 0 });
    d.subscribe(p0);
    d.ask(10, p0);
    // GenStage's pool of 10 is spent at 10 and it leaves [11, 12] to the stage's buffer, although p0 still wants 5.
    // genstage gives 12 to p0 (invariant 3), having queued 11 for partition 1 first, so nothing is overtaken.
    expect(d.dispatch(range(1, 12))).toBeUndefined();
    expect(p0.events).toEqual([2, 4, 6, 8, 10, 12]);
    expect(d.buffered!()).toBe(6); // kept for partition 1's first subscriber: an ending stage waits for them
    const p1 = target<number>({ partition: 1 });
    d.subscribe(p1);
    expect(d.buffered!()).toBe(6);
    d.ask(3, p1);
    expect(p1.batches).toEqual([[1, 3, 5]]);
  });

  it('queues events beyond a partition’s demand and flushes them on its next ask (160)', () => {
    const d = byRemainder(2);
    const [p0, p1] = [target<number>({ partition: 0 }), target<number>({ partition: 1 })];
    d.subscribe(p0);
    d.subscribe(p1);
    d.ask(2, p0);
    d.ask(8, p1);
    expect(d.dispatch([0, 2, 4, 6, 1])).toBeUndefined();
    expect(p0.events).toEqual([0, 2]);
    expect(d.ask(5, p0)).toBe(5);
    expect(p0.batches).toEqual([[0, 2], [4, 6]]);
  });

  it('discards a leaving subscriber’s queue and asks upstream for as many (161)', () => {
    const d = byRemainder(2);
    const [p0, p1] = [target<number>({ partition: 0 }), target<number>({ partition: 1 })];
    d.subscribe(p0);
    d.subscribe(p1);
    d.ask(4, p0);
    d.dispatch([1, 3, 5]);
    expect(d.cancel(p1)).toBe(3);
  });

  it('fails the stage when the hash returns an unknown partition (165, 166)', async () => {
    const p = producer<number>({ dispatcher: partitionDispatcher({ partitions: 2, hash: (n) => (n > 1 ? 'oops' : n) }) });
    const zero = toArray(p.subscribe({ partition: 0 }));
    const one = toArray(p.subscribe({ partition: 1 }));
    p.push([0, 1, 2]);
    await expect(zero).rejects.toThrow('hash returned "oops" for event 2, which is not one of its partitions (0, 1) nor null');
    await expect(one).rejects.toThrow(RangeError);
  });

  it('refuses bad partitions and a missing hash when built (167)', () => {
    expect(() => partitionDispatcher(undefined as never)).toThrow('partitions must be an integer >= 1 or');
    expect(() => partitionDispatcher({ partitions: 0 })).toThrow('partitions must be an integer >= 1, got 0');
    expect(() => partitionDispatcher({ partitions: [] })).toThrow(TypeError);
    expect(() => partitionDispatcher({ partitions: ['a', 'a'], hash: () => 'a' })).toThrow('distinct');
    expect(() => partitionDispatcher({ partitions: ['a', 'b'] })).toThrow(
      'hash must be a function when partitions are named ("a", "b"), got undefined',
    );
    expect(() => partitionDispatcher({ partitions: 2, hash: 3 as never })).toThrow('hash must be a function, got 3');
    expect(partitionDispatcher({ partitions: [0, 1] }).partitions).toEqual([0, 1]);
  });

  it('refuses a missing or unknown partition when the subscriber is built, a taken one when it opens (168)', () => {
    const p = producer<number>({ dispatcher: partitionDispatcher({ partitions: 2 }) });
    expect(() => p.subscribe({ maxDemand: 5 })).toThrow(
      'partition must be one of 0, 1 (the stage has a partitionDispatcher), got undefined',
    );
    expect(() => p.subscribe({ partition: 2 })).toThrow(RangeError);
    expect(() => p.subscribe({ partition: '0' })).toThrow('got "0"');
    openSubscription(p, { partition: 1 });
    expect(() => openSubscription(p, { partition: 1 })).toThrow(/partition 1 of stage producer-\d+ is already taken by subscriber 1/);
  });

  it('spreads integers, strings and objects evenly with the default hash', async () => {
    const counts = async (events: unknown[]) => {
      const p = producer<unknown>({ dispatcher: partitionDispatcher({ partitions: 4 }), bufferSize: Infinity });
      const parts = [0, 1, 2, 3].map((partition) => toArray(p.subscribe({ partition })));
      p.push(events);
      p.end();
      return (await Promise.all(parts)).map((events) => events.length);
    };
    expect(await counts(range(0, 400))).toEqual([100, 100, 100, 100]);
    expect(await counts(range(0, 400).map((i) => ({ i })))).toEqual([100, 100, 100, 100]);
    for (const n of await counts(range(0, 4000).map((i) => `user-${i}`))) expect(n).toBeGreaterThan(850);
  });
});

describe('bounded partition queues (unlike GenStage)', () => {
  it('stops taking events when a queue is full, and resumes in order when its subscriber asks', () => {
    const ctx = context(2);
    const d = byRemainder(2, 2, ctx);
    const [p0, p1] = [target<number>({ partition: 0 }), target<number>({ partition: 1 })];
    d.subscribe(p0);
    d.subscribe(p1);
    expect(d.ask(10, p0)).toBe(10);
    expect(d.dispatch([0, 1, 2, 3, 4, 5, 6])).toEqual([5, 6]); // 1 and 3 queued; 5 finds the queue full
    expect(p0.events).toEqual([0, 2, 4]);
    expect(d.dispatch([7])).toEqual([7]); // new events wait behind, in the stage's buffer
    expect(d.ask(5, p0)).toBe(0); // withheld: upstream gets nothing while the dispatch is stopped
    expect(d.ask(1, p1)).toBe(5 + 3 + 1); // room again: the withheld demand, the three held events, its own ask
    expect(p1.batches).toEqual([[1]]);
    expect(d.dispatch([5, 6])).toBeUndefined(); // the stage serves its buffer first
    expect(p0.events).toEqual([0, 2, 4, 6]);
    expect(d.buffered!()).toBe(2); // 3 and 5 wait for partition 1
  });

  it('a stalled partition holds the others within bounds, then everything flows in order, losing nothing', async () => {
    const p = producer<number>({ dispatcher: partitionDispatcher({ partitions: 2 }), bufferSize: 3 });
    const stalledSub = openSubscription(p, { partition: 0 });
    const stalled = collect(stalledSub);
    const fastSub = openSubscription(p, { partition: 1 });
    const fast = collect(fastSub);
    const writes = p.write(range(0, 20));
    fastSub.ask(100);
    await settle();
    expect(fast.events).toEqual([1, 3, 5]); // then 6 finds partition 0's queue (0, 2, 4) full
    expect(p.stats().buffered).toBeLessThanOrEqual(6);
    p.end();
    stalledSub.ask(100);
    await writes;
    await settle();
    expect(stalled.events).toEqual(range(0, 20).filter((n) => n % 2 === 0));
    expect(fast.events).toEqual(range(0, 20).filter((n) => n % 2 === 1));
    expect([stalled.done, fast.done]).toEqual([true, true]);
  });
});

describe('partitionDispatcher properties', () => {
  const plan = fc.record({
    partitions: fc.integer({ min: 1, max: 4 }),
    bufferSize: fc.integer({ min: 1, max: 6 }),
    nullEvery: fc.integer({ min: 0, max: 5 }),
    steps: fc.array(
      fc.oneof(
        fc.record({ push: fc.integer({ min: 1, max: 15 }) }),
        fc.record({ who: fc.nat(3), n: fc.integer({ min: 1, max: 10 }) }),
      ),
      { maxLength: 30 },
    ),
  });

  it('new events queue behind older ones held for a full partition, so each partition keeps its order', async () => {
    const p = producer<number>({ dispatcher: partitionDispatcher({ partitions: 2, hash: (n: number) => n % 2 }), bufferSize: 1 });
    const subs = [0, 1].map((partition) => openSubscription(p, { partition }));
    const got = subs.map(collect);
    const writes = [p.write(range(0, 8))];
    await settle();
    subs[0]!.ask(5);
    subs[1]!.ask(1);
    await settle();
    writes.push(p.write([8]));
    await settle();
    p.end();
    for (const s of subs) s.ask(10);
    await Promise.all(writes);
    await settle();
    expect(got[0]!.events).toEqual([0, 2, 4, 6, 8]);
    expect(got[1]!.events).toEqual([1, 3, 5, 7]);
  });

  it('delivers every event to its partition’s subscriber, in order, never beyond demand, losing none', async () => {
    await fc.assert(
      fc.asyncProperty(plan, async ({ partitions, bufferSize, nullEvery, steps }) => {
        const hash = (n: number) => (nullEvery > 0 && n % (nullEvery + 3) === 0 ? null : (n * 7) % partitions);
        const p = producer<number>({ dispatcher: partitionDispatcher({ partitions, hash }), bufferSize });
        const subs = range(0, partitions).map((partition) => openSubscription(p, { partition }));
        const got = subs.map(collect);
        const asked = subs.map(() => 0);
        const writes: Promise<void>[] = [];
        let pushed = 0;
        for (const step of steps) {
          if ('push' in step) {
            writes.push(p.write(range(pushed, step.push)));
            pushed += step.push;
          } else {
            asked[step.who % partitions]! += step.n;
            subs[step.who % partitions]!.ask(step.n);
          }
          await settle();
          got.forEach((g, i) => expect(g.events.length).toBeLessThanOrEqual(asked[i]!));
        }
        p.end();
        for (const s of subs) s.ask(pushed + 1);
        await Promise.all(writes);
        await settle();
        got.forEach((g, i) => {
          expect(g.events).toEqual(range(0, pushed).filter((n) => hash(n) === i));
          expect(g.done).toBe(true);
        });
      }),
    );
  });
});
