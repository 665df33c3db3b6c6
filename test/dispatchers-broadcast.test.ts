// BroadcastDispatcher: GenStage's unit tests (semantics §8.16) against the dispatcher object, its stage-level
// tests (§8.1 items 5–7, §8.2 items 14–15, §8.3 item 18), the waitFor start, and properties through a producer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  broadcastDispatcher,
  consume,
  openSubscription,
  pipe,
  producer,
  producerConsumer,
  toArray,
} from '../src/index.js';
import { collect, context, range, settle, target } from './dispatchers-fixtures.js';

const create = (ctx = context()) => broadcastDispatcher<number>().create(ctx);

describe('broadcastDispatcher, as GenStage.BroadcastDispatcher (§8.16)', () => {
  it('subscribes and cancels subscribers (144)', () => {
    const d = create();
    const [a, b] = [target<number>(), target<number>()];
    expect(d.subscribe(a)).toBe(0);
    expect(d.subscribe(b)).toBe(0);
    d.ask(1, a);
    expect(d.ask(1, b)).toBe(1);
    expect(d.cancel(a)).toBe(0);
    expect(d.dispatch([1])).toBeUndefined();
    expect([a.events, b.events]).toEqual([[], [1]]);
  });

  it('keeps what was requested when the last subscriber leaves; with nobody, everything is left over (145, 150)', () => {
    const d = create();
    const a = target<number>();
    d.subscribe(a);
    expect(d.ask(10, a)).toBe(10);
    d.cancel(a);
    const b = target<number>();
    d.subscribe(b);
    expect(d.ask(5, b)).toBe(0); // served by the 10 already requested
    expect(d.dispatch([1, 2, 3])).toBeUndefined();
    expect(b.events).toEqual([1, 2, 3]);
    d.cancel(b);
    expect(d.dispatch([4, 5])).toEqual([4, 5]);
  });

  it('does not ask twice for demand already requested when a newcomer subscribes (146)', () => {
    const d = create();
    const [a, b] = [target<number>(), target<number>()];
    d.subscribe(a);
    expect(d.ask(10, a)).toBe(10);
    expect(d.subscribe(b)).toBe(0);
    expect(d.cancel(a)).toBe(0);
    expect(d.ask(10, b)).toBe(0);
    expect(d.dispatch(range(1, 10))).toBeUndefined();
    expect(b.events).toEqual(range(1, 10));
  });

  it('is held by a subscriber with no demand until it leaves (147)', () => {
    const d = create();
    const [a, b] = [target<number>(), target<number>()];
    d.subscribe(a);
    d.subscribe(b);
    expect(d.ask(10, a)).toBe(0);
    expect(d.cancel(b)).toBe(10);
    expect(d.ask(10, a)).toBe(10);
  });

  it('delivers only the smallest demand, each subscriber the same events (148, 149)', () => {
    const d = create();
    const [a, b] = [target<number>(), target<number>()];
    d.subscribe(a);
    d.subscribe(b);
    d.ask(3, a);
    expect(d.ask(2, b)).toBe(2);
    expect(d.dispatch([1, 2, 3])).toEqual([3]);
    expect(d.dispatch([3])).toEqual([3]); // b has no demand left
    const c = target<number>();
    d.subscribe(c); // a late subscriber with no demand blocks the others
    expect(d.ask(3, b)).toBe(0);
    expect(d.ask(2, a)).toBe(0);
    expect(d.ask(3, c)).toBe(3); // all three can now take 3: a 3, b 3, c 3
    expect(d.dispatch([3, 4, 5])).toBeUndefined();
    expect(a.batches).toEqual([[1, 2], [3, 4, 5]]);
    expect(b.batches).toEqual([[1, 2], [3, 4, 5]]);
    expect(c.batches).toEqual([[3, 4, 5]]);
  });

  it('releases only the demand not yet requested when the slowest subscriber leaves (151)', () => {
    const d = create();
    const [a, b] = [target<number>(), target<number>()];
    d.subscribe(a);
    expect(d.ask(10, a)).toBe(10);
    d.subscribe(b);
    expect(d.ask(5, a)).toBe(0); // b holds everything
    expect(d.cancel(b)).toBe(5); // a wants 15, 10 already requested
  });

  it('gives each subscriber its selected events and its demand back for the rest, never an empty batch (152)', async () => {
    const ctx = context();
    const d = create(ctx);
    const even = target<number>({ selector: (n: number) => n % 2 === 0 });
    const none = target<number>({ selector: () => false });
    const all = target<number>();
    for (const t of [even, none, all]) d.subscribe(t);
    for (const t of [even, none, all]) d.ask(4, t);
    expect(d.dispatch([1, 2, 3, 4])).toBeUndefined();
    expect([even.batches, none.batches, all.batches]).toEqual([[[2, 4]], [], [[1, 2, 3, 4]]]);
    // even gets 2 and none 4 back, one ask each once the dispatch is over; all has none left: nothing is asked.
    expect(d.takeCredit!()).toBe(0);
    expect(d.takeCredit!()).toBe(0);
    expect(d.takeCredit!()).toBeUndefined();
    expect(ctx.requested).toEqual([]);
    expect(d.ask(3, all)).toBe(2);
  });

  it('fails the stage with the error a selector throws, the same object', async () => {
    const boom = new Error('boom');
    const p = producer<number>({ dispatcher: broadcastDispatcher({ waitFor: 2 }) });
    const picky = toArray(p.subscribe({ selector: (n) => { if (n === 3) throw boom; return true; } }));
    const all = toArray(p);
    p.push([1, 2, 3]);
    await expect(picky).rejects.toBe(boom);
    await expect(all).rejects.toBe(boom);
  });

  it('refuses bad options when built', () => {
    expect(() => broadcastDispatcher({ waitFor: 0 })).toThrow('waitFor must be an integer >= 1, got 0');
    expect(() => broadcastDispatcher({ waitfor: 2 } as never)).toThrow(TypeError);
  });
});

/** A producer emitting 0, 1, 2, … on demand, recording each demand. */
function counter() {
  const demands: number[] = [];
  let next = 0;
  const stage = producer<number>({
    dispatcher: broadcastDispatcher({ waitFor: 2 }),
    handleDemand: (n) => {
      demands.push(n);
      const events = range(next, n);
      next += n;
      return events;
    },
  });
  return { stage, demands };
}

/** Consumes until `limit` events, recording batches; stops the subscription after. */
function recordUntil(stage: ReturnType<typeof counter>['stage'], limit: number, maxDemand: number) {
  const batches: number[][] = [];
  const stop = new AbortController();
  const done = consume(
    stage.subscribe({ maxDemand, minDemand: 0, signal: stop.signal }),
    (events) => {
      batches.push(events);
      if (batches.flat().length >= limit) stop.abort();
    },
  ).catch(() => undefined);
  return { batches, done };
}

describe('broadcast stages (§8.1 items 5–7, §8.2 items 14–15, §8.3 item 18)', () => {
  it('two consumers get the same batches, the smaller demand governing (5, 7)', async () => {
    const { stage, demands } = counter();
    const small = recordUntil(stage, 40, 10);
    const large = recordUntil(stage, 40, 20);
    await Promise.all([small.done, large.done]);
    expect(small.batches.slice(0, 4)).toEqual(large.batches.slice(0, 4));
    expect(small.batches[0]).toEqual(range(0, 10));
    // One handleDemand(10) per round, never a duplicate for the larger subscriber.
    expect(demands.slice(0, 4)).toEqual([10, 10, 10, 10]);
    stage.end();
  });

  it('a subscriber that never asks holds the others until it leaves (6, 15)', async () => {
    const p = producer<number>();
    const doubled = pipe(p, producerConsumer((xs: number[]) => xs.map((x) => x * 2), { dispatcher: broadcastDispatcher() }));
    const stale = openSubscription(doubled);
    const subA = openSubscription(doubled);
    const subB = openSubscription(doubled);
    const [a, b] = [collect(subA), collect(subB)];
    const subs = [a, b];
    subA.ask(10);
    subB.ask(20);
    p.push(range(0, 5));
    await settle();
    expect(subs.map((s) => s.events)).toEqual([[], []]);
    await stale.cancel();
    await settle();
    expect(a.batches).toEqual([[0, 2, 4, 6, 8]]);
    expect(b.batches).toEqual(a.batches);
  });

  it('a producerConsumer broadcasts the same handled batch to both subscribers (14)', async () => {
    const p = producer<number>();
    const doubled = pipe(p, producerConsumer((xs: number[]) => xs.map((x) => x * 2), { dispatcher: broadcastDispatcher({ waitFor: 2 }) }));
    const a = toArray(doubled.subscribe({ maxDemand: 10 }));
    const b = toArray(doubled.subscribe({ maxDemand: 20 }));
    p.push([100, 101, 102]);
    p.end();
    expect(await a).toEqual([200, 202, 204]);
    expect(await b).toEqual([200, 202, 204]);
  });

  it('waitFor: events pushed before enough subscribers joined wait in the buffer, then go to all in order (18)', async () => {
    const p = producer<number>({ dispatcher: broadcastDispatcher({ waitFor: 2 }) });
    p.push([1, 2]);
    const gone = openSubscription(p);
    gone.ask(10);
    const early = collect(gone);
    await settle();
    await gone.cancel(); // alone, it never started the broadcast
    p.push([3]);
    expect(early.events).toEqual([]);
    expect(p.stats().buffered).toBe(3);
    const a = toArray(p);
    const b = toArray(p);
    p.end();
    expect(await a).toEqual([1, 2, 3]);
    expect(await b).toEqual([1, 2, 3]);
    expect(p.stats().buffered).toBe(0);
  });

  // GenStage sends itself an ask per subscriber and dispatch for rejected events; each is handled as a message of its
  // own, after the operation that dispatched (corpus shared-247, shared-088).
  it("asks handleDemand for an ask's own demand first, then for the demand rejected events gave back", async () => {
    const demands: number[] = [];
    const p = producer<number>({ dispatcher: broadcastDispatcher(), handleDemand: (n) => void demands.push(n) });
    p.push([1, 2]);
    const evenSub = openSubscription(p, { selector: (n: number) => n % 2 === 0 });
    const allSub = openSubscription(p);
    const [even, all] = [collect(evenSub), collect(allSub)];
    evenSub.ask(5);
    allSub.ask(6);
    await settle();
    // 5 shared: [1, 2] from the buffer, 3 more asked; then even's rejected 1 raises the shared demand to 6.
    expect(demands).toEqual([3, 1]);
    expect([even.batches, all.batches]).toEqual([[[2]], [[1, 2]]]);
  });

  it('asks once for demand given back that a held event then used up', async () => {
    const demands: number[] = [];
    const p = producer<number>({ dispatcher: broadcastDispatcher(), handleDemand: (n) => void demands.push(n) });
    p.push([101, 102, 103]);
    const noneSub = openSubscription(p, { selector: () => false });
    const evenSub = openSubscription(p, { selector: (n: number) => n % 2 === 0 });
    const [none, even] = [collect(noneSub), collect(evenSub)];
    noneSub.ask(3);
    evenSub.ask(2);
    await settle();
    // [101, 102] go out; even's rejected 101 gives back 1, which takes 103; its rejection gives back 1 more,
    // which reaches handleDemand, once.
    expect(demands).toEqual([1]);
    expect([none.batches, even.batches]).toEqual([[], [[102]]]);
    expect(p.stats().buffered).toBe(0);
  });
});

describe('broadcastDispatcher properties', () => {
  const plan = fc.record({
    selectors: fc.array(fc.option(fc.integer({ min: 2, max: 4 }), { nil: undefined }), { minLength: 1, maxLength: 4 }),
    leaver: fc.option(fc.nat(3), { nil: undefined }),
    leaveAfter: fc.nat(8),
    steps: fc.array(
      fc.oneof(
        fc.record({ push: fc.integer({ min: 1, max: 20 }) }),
        fc.record({ who: fc.nat(3), n: fc.integer({ min: 1, max: 15 }) }),
      ),
      { maxLength: 30 },
    ),
  });

  it('delivers every selected event exactly once to each subscriber, in order, never beyond demand', async () => {
    await fc.assert(
      fc.asyncProperty(plan, async ({ selectors, leaver, leaveAfter, steps }) => {
        const p = producer<number>({ dispatcher: broadcastDispatcher({ waitFor: selectors.length }), bufferSize: Infinity });
        const selects = selectors.map((m) => (m === undefined ? () => true : (n: number) => n % m === 0));
        const subs = selects.map((selector) => openSubscription(p, { selector }));
        const got = subs.map(collect);
        const asked = subs.map(() => 0);
        const leaving = leaver === undefined ? -1 : leaver % subs.length;
        let pushed = 0;
        for (const [i, step] of steps.entries()) {
          if (i === leaveAfter && leaving >= 0) await subs[leaving]!.cancel();
          if ('push' in step) {
            p.push(range(pushed, step.push));
            pushed += step.push;
          } else {
            asked[step.who % subs.length]! += step.n;
            subs[step.who % subs.length]!.ask(step.n);
          }
          await settle();
          got.forEach((g, j) => expect(g.events.length).toBeLessThanOrEqual(asked[j]!));
        }
        p.end();
        for (const s of subs) s.ask(pushed + 1);
        await settle();
        got.forEach((g, j) => {
          const expected = range(0, pushed).filter(selects[j]!);
          if (j === leaving) expect(g.events).toEqual(expected.slice(0, g.events.length));
          else expect(g.events).toEqual(expected);
          expect(g.done).toBe(true);
        });
      }),
    );
  });
});
