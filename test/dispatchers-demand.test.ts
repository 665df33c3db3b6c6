// DemandDispatcher: GenStage's unit tests (semantics §8.15) against the dispatcher object, then properties
// through a real producer: every event delivered exactly once, never beyond a subscriber's demand.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { demandDispatcher, openSubscription, producer } from '../src/index.js';
import { collect, context, range, settle, target } from './dispatchers-fixtures.js';

const create = (options?: { shuffleDemandsOnFirstDispatch?: boolean }) => demandDispatcher<string>(options).create(context());

afterEach(() => {
  vi.restoreAllMocks();
});

describe('demandDispatcher, as GenStage.DemandDispatcher (§8.15)', () => {
  it('subscribes with no demand and forgets a cancelled subscriber (135)', () => {
    const d = create();
    const a = target<string>();
    expect(d.subscribe(a)).toBe(0);
    expect(d.ask(2, a)).toBe(2);
    expect(d.dispatch(['x'])).toBeUndefined();
    expect(d.cancel(a)).toBe(0);
    expect(d.dispatch(['y'])).toEqual(['y']);
    expect(a.events).toEqual(['x']);
  });

  it('does not ask upstream again for the unfilled demand of a cancelled subscriber (136)', () => {
    const d = create();
    const a = target<string>();
    d.subscribe(a);
    expect(d.ask(10, a)).toBe(10);
    d.cancel(a); // pending 10
    const b = target<string>();
    d.subscribe(b);
    expect(d.ask(5, b)).toBe(0); // pending 5
    d.cancel(b); // pending 10
    expect(d.dispatch(['a', 'b', 'c'])).toEqual(['a', 'b', 'c']); // pending 7
    expect(d.dispatch(range(0, 7).map(String))).toHaveLength(7); // pending 0
    const c = target<string>();
    d.subscribe(c);
    expect(d.ask(5, c)).toBe(5);
  });

  it('gives a cancelled subscriber demand to the survivor, leftovers lowering pending (137)', () => {
    const d = create();
    const [a, b] = [target<string>(), target<string>()];
    d.subscribe(a);
    d.subscribe(b);
    d.ask(3, a);
    d.ask(3, b);
    d.cancel(a); // pending 3
    expect(d.dispatch(['a', 'b', 'c', 'd', 'e'])).toEqual(['d', 'e']); // pending 1
    expect(b.batches).toEqual([['a', 'b', 'c']]);
    expect(d.ask(2, b)).toBe(1);
  });

  it('delivers at most the outstanding demand of one subscriber (138)', () => {
    const d = create();
    const a = target<string>();
    d.subscribe(a);
    d.ask(3, a);
    expect(d.dispatch(['a'])).toBeUndefined();
    d.ask(3, a);
    expect(d.dispatch(['b', 'c', 'd', 'e', 'f', 'g', 'h'])).toEqual(['g', 'h']);
    expect(a.batches).toEqual([['a'], ['b', 'c', 'd', 'e', 'f']]);
    expect(d.dispatch(['i'])).toEqual(['i']);
  });

  it('keeps subscribers by demand, largest first, ties first come (139)', () => {
    const d = create();
    const [a, b, c] = [target<string>(), target<string>(), target<string>()];
    for (const t of [a, b, c]) d.subscribe(t);
    d.ask(2, a);
    d.ask(3, b);
    d.ask(3, c);
    d.dispatch(['1', '2', '3']); // b (3, first of the tie)
    d.dispatch(['4']); // c (3)
    d.dispatch(['5']); // a and c both have 2: a asked first
    expect([a.events, b.events, c.events]).toEqual([['5'], ['1', '2', '3'], ['4']]);
  });

  it('sends a batch whole to the largest demand and splits it when it does not fit (140)', () => {
    const d = create();
    const [a, b] = [target<string>(), target<string>()];
    d.subscribe(a);
    d.subscribe(b);
    d.ask(4, a);
    d.ask(2, b);
    expect(d.dispatch(['a', 'b', 'c'])).toBeUndefined();
    expect(d.dispatch(['d', 'e', 'f', 'g', 'h'])).toEqual(['g', 'h']);
    expect(a.batches).toEqual([['a', 'b', 'c'], ['f']]);
    expect(b.batches).toEqual([['d', 'e']]);
  });

  it('shuffles the subscribers once, before the first dispatch, when asked to (141)', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0); // swaps the two subscribers
    const d = create({ shuffleDemandsOnFirstDispatch: true });
    const [a, b] = [target<string>(), target<string>()];
    d.subscribe(a);
    d.subscribe(b);
    d.ask(5, a);
    d.ask(5, b);
    d.dispatch(['x']);
    expect(b.events).toEqual(['x']);
    d.ask(1, b);
    d.ask(1, a);
    d.dispatch(['y', 'z']); // a has 6 again, b 5: no second shuffle
    expect(a.events).toEqual(['y', 'z']);
  });

  it('warns when a subscriber asks beyond the first maximum demand, and still honours it (143)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const d = create();
    const [a, b] = [target<string>(), target<string>()];
    d.subscribe(a);
    d.subscribe(b);
    expect(d.ask(3, a)).toBe(3);
    expect(d.ask(4, b)).toBe(4);
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]![0]).toContain('expects a maximum demand of 3');
  });

  it('refuses bad options when built', () => {
    expect(() => demandDispatcher({ shuffleDemandsOnFirstDispatch: 1 as never })).toThrow(
      'shuffleDemandsOnFirstDispatch must be a boolean, got 1',
    );
    expect(() => demandDispatcher({ shuffle: true } as never)).toThrow(TypeError);
  });
});

// Random schedules on a real producer that serves its demand later (as GenStage's producers do: the demand
// of a subscriber that left is not asked again, since the events already asked for still arrive).
const op = fc.oneof(
  fc.record({ type: fc.constant('produce' as const), count: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ type: fc.constant('ask' as const), who: fc.nat(5), n: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ type: fc.constant('cancel' as const), who: fc.nat(5) }),
);

/** A producer that owes what handleDemand asked and emits it when told to. */
function lazyProducer() {
  let owed = 0;
  let next = 0;
  const stage = producer<number>({ bufferSize: Infinity, handleDemand: (n) => void (owed += n) });
  const produce = (count: number) => {
    const n = Math.min(count, owed);
    owed -= n;
    stage.push(range(next, n));
    next += n;
  };
  return { stage, produce, produced: () => next };
}

describe('demandDispatcher properties', () => {
  it('delivers every event exactly once overall, in order, never beyond demand', async () => {
    // Random asks differ in size: the dispatcher's "different maximum demands" warning is expected.
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.array(op, { maxLength: 40 }), async (count, ops) => {
        const { stage, produce, produced } = lazyProducer();
        const subs = range(0, count).map(() => openSubscription(stage));
        const got = subs.map(collect);
        const asked = subs.map(() => 0);
        const cancelled = subs.map(() => false);
        for (const o of ops) {
          if (o.type === 'produce') produce(o.count);
          else {
            const who = o.who % count;
            // Subscriber 0 stays to the end and drains what is left.
            if (o.type === 'cancel' && who > 0) {
              cancelled[who] = true;
              void subs[who]!.cancel();
            } else if (o.type === 'ask' && !cancelled[who]) {
              asked[who]! += o.n;
              subs[who]!.ask(o.n);
            }
          }
          await settle();
          got.forEach((g, i) => expect(g.events.length).toBeLessThanOrEqual(asked[i]!));
        }
        produce(Infinity);
        await settle();
        stage.end();
        subs[0]!.ask(100_000);
        await settle();
        expect(got[0]!.done).toBe(true);
        expect(got.flatMap((g) => g.events).sort((a, b) => a - b)).toEqual(range(0, produced()));
        for (const g of got) expect(g.events).toEqual([...g.events].sort((a, b) => a - b));
      }),
    );
  });

  // Skipped: open after the core rebuild (issue 13): see the closing note.
  it.skip('keeps a pushed event for demand already asked upstream, as GenStage (pending)', async () => {
    const p = producer<number>();
    const [a, b] = [openSubscription(p), openSubscription(p)];
    const got = collect(b);
    a.ask(3);
    await a.cancel(); // 3 asked upstream for a, not delivered: pending
    p.push([1]); // nobody has demand: buffered
    b.ask(2); // covered by the pending demand: nothing is served yet
    await settle();
    expect(got.events).toEqual([]);
    b.ask(5);
    await settle();
    expect(got.events).toEqual([1]);
  });
});
