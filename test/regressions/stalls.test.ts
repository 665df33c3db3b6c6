// Liveness (DESIGN §4b.3): while events are held and a subscriber that may take them has unmet demand, they
// reach it. A subscriber that leaves gives its demand back, and nothing waits on demand nobody holds.
import { describe, expect, it } from 'vitest';
import {
  broadcastDispatcher,
  consume,
  openSubscription,
  partitionDispatcher,
  pipe,
  producer,
  producerConsumer,
  type Subscription,
} from '../../src/index.js';
import { cleanUp, eventually, range, settle, within } from './helpers.js';

const evens = (x: number) => x % 2 === 0;

describe('a subscriber that leaves with unmet demand gives it back', () => {
  it('a consumer that joins after a manual subscriber left with demand 4 gets every event and completes', async () => {
    const p = producer<number>({ name: 'P' });
    const got: number[][] = [];
    try {
      const first = openSubscription(p);
      first.ask(4);
      await within(first.cancel(), undefined, 'cancelling the first subscription');
      p.push([1]);
      const consuming = consume(p, (events) => void got.push(events), { maxDemand: 2, minDemand: 0 });
      p.push([2, 3]);
      p.end();
      await within(consuming, undefined, () => `the second consumer (stats: ${JSON.stringify(p.stats())})`);
      expect(got.flat()).toEqual([1, 2, 3]);
      // maxDemand 2 / minDemand 0: never more than 2 events per handler call.
      for (const batch of got) expect(batch.length).toBeLessThanOrEqual(2);
    } finally {
      await cleanUp(() => p.end());
    }
  });

  it('a for await loop of maxDemand 2 gets every event after a loop of maxDemand 1000 left through its signal', async () => {
    const p = producer<number>({ name: 'P' });
    const leave = new AbortController();
    const reason = new Error('the first loop leaves');
    const got: number[] = [];
    let second: Promise<void> | undefined;
    try {
      const first = (async () => {
        for await (const event of p.subscribe({ signal: leave.signal })) got.push(-event); // never reached
      })();
      await settle();
      leave.abort(reason);
      await expect(within(first, undefined, 'the first loop after its abort')).rejects.toBe(reason);
      p.push([1]);
      second = (async () => {
        for await (const event of p.subscribe({ maxDemand: 2, minDemand: 0 })) got.push(event);
      })();
      p.push([2, 3]);
      p.end();
      await within(second, undefined, () => `the second loop (stats: ${JSON.stringify(p.stats())})`);
      expect(got).toEqual([1, 2, 3]);
    } finally {
      await cleanUp(() => p.end(), () => second);
    }
  });
});

describe('broadcast moves at the pace of the slowest subscriber, and no slower', () => {
  it('three subscribers with selectors and demands of 1000, 7 and 3 take ten writes of 100 events', async () => {
    const p = producer<number>({ name: 'P', dispatcher: broadcastDispatcher() });
    const [even, all, late] = [[] as number[], [] as number[], [] as number[]];
    const consumers = [
      consume(p.subscribe({ selector: evens }), (events) => void even.push(...events)),
      consume(p.subscribe({ maxDemand: 7 }), (events) => void all.push(...events)),
      consume(p.subscribe({ selector: (x) => x >= 500, maxDemand: 3 }), (events) => void late.push(...events)),
    ];
    try {
      for (let i = 0; i < 10; i++) {
        const events = range(i * 100, i * 100 + 99);
        await within(p.write(events), undefined, () => `write ${i + 1} of 10 (delivered so far: ${all.length})`);
      }
      p.end();
      const progress = () => `the three consumers (got ${even.length}, ${all.length}, ${late.length}; stats: ${JSON.stringify(p.stats())})`;
      await within(Promise.all(consumers), undefined, progress);
      expect(even).toEqual(range(0, 999).filter(evens));
      expect(all).toEqual(range(0, 999));
      expect(late).toEqual(range(500, 999));
    } finally {
      await cleanUp(() => p.end(), () => Promise.allSettled(consumers));
    }
  });

  it('a broadcast producerConsumer serves a for await loop of maxDemand 7 that joins mid-stream, then both complete', async () => {
    const p = producer<number>({ name: 'P' });
    const pc = pipe(p, producerConsumer((xs: number[]) => xs, { name: 'PC', dispatcher: broadcastDispatcher() }));
    const [early, joined] = [[] as number[], [] as number[]];
    const loop = async (into: number[], maxDemand?: number) => {
      for await (const event of pc.subscribe({ maxDemand })) into.push(event);
    };
    const first = loop(early);
    let second: Promise<void> | undefined;
    try {
      p.push(range(0, 9));
      await eventually(() => early.length === 10, 'the first loop gets 0..9');
      second = loop(joined, 7);
      await settle();
      p.push(range(10, 29));
      p.end();
      await within(Promise.all([first, second]), undefined, () => `both loops (stats: ${JSON.stringify(pc.stats())})`);
      expect(early).toEqual(range(0, 29));
      expect(joined).toEqual(range(10, 29));
    } finally {
      await cleanUp(() => p.end(), () => Promise.allSettled([first, second]));
    }
  });

  it('a broadcast producerConsumer serves two consume() of maxDemand 1000 and 2, the second joining mid-stream', async () => {
    const p = producer<number>({ name: 'P' });
    const pc = pipe(p, producerConsumer((xs: number[]) => xs, { name: 'PC', dispatcher: broadcastDispatcher() }));
    const [early, joined] = [[] as number[], [] as number[]];
    const first = consume(pc, (events) => void early.push(...events));
    let second: Promise<void> | undefined;
    try {
      p.push(range(0, 9));
      await eventually(() => early.length === 10, 'the first consumer gets 0..9');
      second = consume(pc, (events) => void joined.push(...events), { maxDemand: 2 });
      await settle();
      p.push(range(10, 49));
      p.end();
      await within(Promise.all([first, second]), undefined, () => `both consumers (stats: ${JSON.stringify(pc.stats())})`);
      expect(early).toEqual(range(0, 49));
      expect(joined).toEqual(range(10, 49));
    } finally {
      await cleanUp(() => p.end(), () => Promise.allSettled([first, second]));
    }
  });
});

describe('a producer with bufferSize 0 (no room to hold events)', () => {
  it('write() delivers its events as demand arrives and resolves once consumers took them', async () => {
    const p = producer<number>({ name: 'P', bufferSize: 0 });
    const got: number[][] = [];
    let consuming: Promise<void> | undefined;
    try {
      let written = false;
      const writing = p.write([1, 2, 3, 4, 5]).then(() => {
        written = true;
      });
      await settle();
      // Nobody asked yet and there is no room: the write waits, it neither resolves nor drops.
      expect(written).toBe(false);
      consuming = consume(p, (events) => void got.push(events), { maxDemand: 2, minDemand: 0 });
      await within(writing, undefined, () => `write() with bufferSize 0 (delivered so far: ${JSON.stringify(got)})`);
      p.end();
      await within(consuming, undefined, 'the consumer');
      expect(got.flat()).toEqual([1, 2, 3, 4, 5]);
      for (const batch of got) expect(batch.length).toBeLessThanOrEqual(2);
    } finally {
      await cleanUp(() => p.end(), () => consuming);
    }
  });
});

describe('partition: pooled demand spent on other partitions does not hold back a subscriber with demand', () => {
  // The subscriber of partition 0 asks `n`; handleDemand answers with three events of partition 1 (nobody consumes
  // it), which use up the pooled demand (the third waits in the buffer if n is 2). Events for partition 0 pushed
  // later must still reach it: GenStage keeps them in its buffer until someone asks again. Negative events hash to
  // null: dropped.
  function stage(n: number) {
    let first = true;
    const p = producer<number>({
      name: 'P',
      dispatcher: partitionDispatcher({ partitions: 2, hash: (n: number) => (n < 0 ? null : n % 2) }),
      handleDemand: () => {
        if (!first) return [];
        first = false;
        return [1, 3, 5];
      },
    });
    const sub = openSubscription(p, { partition: 0 });
    const got = readAll(sub);
    sub.ask(n);
    return { p, sub, got };
  }

  /** Every event the subscription delivers, as they arrive. */
  function readAll(sub: Subscription<number>): number[] {
    const got: number[] = [];
    void (async () => {
      for (let batch = await sub.next(); batch !== null; batch = await sub.next()) got.push(...batch);
    })().catch(() => undefined);
    return got;
  }

  it('an event of its partition pushed behind a held one of another reaches it (demand 2 outstanding)', async () => {
    const { p, sub, got } = stage(2);
    try {
      await settle();
      p.push([0]);
      await eventually(() => got.length === 1, 'partition 0 gets [0]');
      expect(got).toEqual([0]);
      expect(p.stats().buffered).toBe(0); // 5 went to partition 1's queue, ahead of 0
    } finally {
      await cleanUp(() => sub.cancel(), () => p.end());
    }
  });

  it('events of its partition behind ones nobody can take reach it, in order; the others wait in their queue', async () => {
    const { p, sub, got } = stage(3);
    try {
      await settle();
      p.push([-1, 7, 0, 9, 2, 11]);
      await eventually(() => got.length === 2, 'partition 0 gets [0, 2]');
      expect(got).toEqual([0, 2]);
      // Partition 0 still wants 1: 11 goes to its queue all the same, so that it is not in front of a later 4.
      expect(p.stats().buffered).toBe(0);
      p.push([4]);
      await eventually(() => got.length === 3, 'partition 0 gets 4');
      expect(got).toEqual([0, 2, 4]);
      const late = openSubscription(p, { partition: 1 });
      const lateGot = readAll(late);
      late.ask(10);
      await eventually(() => lateGot.length === 6, 'partition 1 gets its queue');
      expect(lateGot).toEqual([1, 3, 5, 7, 9, 11]);
    } finally {
      await cleanUp(() => sub.cancel(), () => p.end());
    }
  });
});
