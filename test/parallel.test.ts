// parallel(n, operator): work sharing, partitions, ordered mode, errors, early exit, demand, and the seed's
// "scaling up" (scenario 8 of reference/genstage-traces.md) written with merge and with parallel.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  broadcastDispatcher,
  consume,
  consumerSupervisor,
  demandDispatcher,
  from,
  merge,
  parallel,
  partitionDispatcher,
  pipe,
  producer,
  producerConsumer,
  run,
  toArray,
  type Operator,
  type Producer,
  type Source,
} from '../src/index.js';
import { range } from './dispatchers-fixtures.js';

const double = producerConsumer((xs: number[]) => xs.map((x) => x * 2));

/** An operator whose copies record which events each one handled. */
function recording(options?: { maxDemand?: number; minDemand?: number }) {
  const seen: number[][] = [];
  const operator: Operator<number, number> = (source) => {
    const mine: number[] = [];
    seen.push(mine);
    return producerConsumer((xs: number[]) => {
      mine.push(...xs);
      return xs;
    }, options)(source);
  };
  return { operator, seen };
}

describe('parallel', () => {
  it('shares the upstream between n copies: every event handled exactly once, evenly', async () => {
    const { operator, seen } = recording();
    const out = await toArray(pipe(from(range(0, 10_000)), parallel(4, operator)));
    expect(out.sort((a, b) => a - b)).toEqual(range(0, 10_000));
    expect(seen).toHaveLength(4);
    for (const events of seen) expect(events.length).toBeGreaterThanOrEqual(2_000);
  });

  it('handles every event exactly once for random copies, demands and sizes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 8 }), fc.nat(200), async (n, maxDemand, size) => {
        const { operator, seen } = recording({ maxDemand, minDemand: 0 });
        const out = await toArray(pipe(from(range(0, size)), parallel(n, operator)));
        expect(out.sort((a, b) => a - b)).toEqual(range(0, size));
        expect(seen.flat().sort((a, b) => a - b)).toEqual(range(0, size));
      }),
    );
  });

  it('with a partitionDispatcher, copy i gets partition i, each key in order', async () => {
    const { operator, seen } = recording({ maxDemand: 3, minDemand: 1 });
    const events = range(0, 300).map((i) => (i % 7) * 1000 + i); // key: floor(e / 1000)
    const dispatcher = partitionDispatcher<number>({ partitions: 3, hash: (e) => Math.floor(e / 1000) % 3 });
    const out = await toArray(pipe(from(events), parallel(3, operator, { dispatcher })));
    expect(out.sort((a, b) => a - b)).toEqual([...events].sort((a, b) => a - b));
    seen.forEach((mine, i) => {
      expect(mine.every((e) => Math.floor(e / 1000) % 3 === i)).toBe(true);
      expect(mine).toEqual(events.filter((e) => Math.floor(e / 1000) % 3 === i));
    });
  });

  it('ordered: true emits results in input order whatever the copies’ timing', async () => {
    const slowly = producerConsumer(async (xs: number[]) => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      return xs.filter((x) => x % 5 !== 0).map((x) => x * 10);
    });
    const out = await toArray(pipe(from(range(0, 300)), parallel(4, slowly, { ordered: true })).subscribe({ maxDemand: 20 }));
    expect(out).toEqual(range(0, 300).filter((x) => x % 5 !== 0).map((x) => x * 10));
  });

  it('ordered: true runs at most n chunks at once', async () => {
    let running = 0;
    let peak = 0;
    const work = producerConsumer(async (xs: number[]) => {
      peak = Math.max(peak, ++running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running--;
      return xs;
    });
    const out = await toArray(pipe(from(range(0, 100)), parallel(3, work, { ordered: true })).subscribe({ maxDemand: 10 }));
    expect(out).toEqual(range(0, 100));
    expect(peak).toBe(3);
  });

  it('asks upstream no more than the copies asked', async () => {
    const demands: number[] = [];
    let next = 0;
    const p = producer<number>({
      handleDemand: (n) => {
        demands.push(n);
        const events = range(next, n);
        next += n;
        return events;
      },
    });
    const stop = new AbortController();
    await consume(
      pipe(p, parallel(3, producerConsumer((xs: number[]) => xs, { maxDemand: 4, minDemand: 2 }))),
      () => {
        if (next > 30) stop.abort();
      },
      { signal: stop.signal },
    ).catch(() => undefined);
    expect(demands.slice(0, 3)).toEqual([4, 4, 4]);
    expect(demands.slice(3).every((n) => n === 2)).toBe(true);
  });

  it('fails with a copy’s error, the same object, and releases the upstream', async () => {
    const boom = new Error('boom');
    let released = false;
    async function* source() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        released = true;
      }
    }
    const failing = producerConsumer((xs: number[]) => {
      if (xs.includes(50)) throw boom;
      return xs;
    });
    for (const ordered of [false, true]) {
      released = false;
      const error = await run(pipe(source(), parallel(3, failing, { ordered }))).catch((e: unknown) => e);
      expect(error).toBe(boom);
      expect(released).toBe(true);
    }
  });

  it('releases the upstream when its consumer stops early', async () => {
    for (const ordered of [false, true]) {
      let released = false;
      async function* source() {
        try {
          for (let i = 0; ; i++) yield i;
        } finally {
          released = true;
        }
      }
      let count = 0;
      for await (const _ of pipe(source(), parallel(2, double, { ordered }))) if (++count === 25) break;
      expect(released).toBe(true);
    }
  });

  it('completes at once on an empty upstream', async () => {
    expect(await toArray(pipe([] as number[], parallel(3, double)))).toEqual([]);
    expect(await toArray(pipe([] as number[], parallel(3, double, { ordered: true })))).toEqual([]);
  });

  it('with a broadcastDispatcher, every copy gets every event', async () => {
    const { operator, seen } = recording();
    const out = await toArray(pipe(from(range(0, 50)), parallel(2, operator, { dispatcher: broadcastDispatcher({ waitFor: 2 }) })));
    expect(out).toHaveLength(100);
    expect(seen).toEqual([range(0, 50), range(0, 50)]);
  });

  it('refuses bad arguments when built', () => {
    expect(() => parallel(0, double)).toThrow('n must be an integer >= 1, got 0');
    expect(() => parallel(2.5, double)).toThrow(RangeError);
    expect(() => parallel(2, 'map' as never)).toThrow('operator must be a function, got "map"');
    expect(() => parallel(2, double, { order: true } as never)).toThrow(TypeError);
    expect(() => parallel(2, double, { ordered: 'yes' as never })).toThrow('ordered must be a boolean, got "yes"');
    expect(() => parallel(2, double, { dispatcher: {} as never })).toThrow(TypeError);
    expect(() => parallel(2, double, { dispatcher: partitionDispatcher({ partitions: 3 }) })).toThrow(
      'dispatcher partitions must be one per copy (2), got 3',
    );
    expect(() => parallel(2, double, { dispatcher: partitionDispatcher({ partitions: 2 }), ordered: true })).toThrow(
      'dispatcher must be a demandDispatcher() when ordered is true',
    );
    expect(() => parallel(2, double, { dispatcher: demandDispatcher(), ordered: true })).not.toThrow();
    expect(() => parallel(2, double)(5 as never)).toThrow('source must be an Iterable or AsyncIterable, got 5');
  });
});

// Scenario 8: producer → two producerConsumers (max 1, min 0, offline pages filtered) → one ConsumerSupervisor
// subscribed to both with default demand. Time is faked and advanced 1 ms at a time, as in the supervisor's traces.
describe('scenario 8 of the traces, on genstage', () => {
  const OFFLINE = new Set(['page2', 'page5']);
  const realImmediate = setImmediate;
  const drain = () => new Promise<void>((resolve) => realImmediate(resolve));
  const advance = async (ms: number) => {
    for (let i = 0; i < ms; i++) {
      vi.advanceTimersByTime(1);
      await drain();
    }
  };
  const work = () => new Promise<void>((resolve) => setTimeout(resolve, 20));

  afterEach(() => {
    vi.useRealTimers();
  });

  async function scenario(build: (pages: Producer<string>, online: Operator<string, string>) => Source<string>) {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const log: string[] = [];
    const pages = producer<string>({ name: 'PageProducer', handleDemand: (n) => void log.push(`producer demand ${n}`) });
    let copies = 0;
    const online: Operator<string, string> = (source) => {
      const name = `pc${++copies}`;
      return producerConsumer(
        async (received: string[]) => {
          const kept: string[] = [];
          for (const page of received) {
            await work();
            if (!OFFLINE.has(page)) kept.push(page);
          }
          log.push(`${name} received ${JSON.stringify(received)} online ${JSON.stringify(kept)}`);
          return kept;
        },
        { name, maxDemand: 1, minDemand: 0 },
      )(source);
    };
    let running = 0;
    let peak = 0;
    const scrape = async (page: string) => {
      peak = Math.max(peak, ++running);
      log.push(`sup start ${page} running=${running}`);
      await work();
      running--;
    };
    const done = run(pipe(build(pages, online), consumerSupervisor(1000, scrape)));
    await advance(50);
    pages.push(['page1', 'page2', 'page3', 'page4', 'page5']);
    pages.push(['page6', 'page7']);
    await advance(300);
    log.push(`peak concurrency ${peak}`);
    pages.end();
    await done;
    return log;
  }

  const TRACE = [
    'producer demand 1',
    'producer demand 1',
    'pc1 received ["page1"] online ["page1"]',
    'pc2 received ["page2"] online []',
    'sup start page1 running=1',
    'pc1 received ["page3"] online ["page3"]',
    'pc2 received ["page4"] online ["page4"]',
    'sup start page3 running=1',
    'sup start page4 running=2',
    'pc1 received ["page5"] online []',
    'pc2 received ["page6"] online ["page6"]',
    'producer demand 1',
    'sup start page6 running=1',
    'pc1 received ["page7"] online ["page7"]',
    'producer demand 1',
    'sup start page7 running=1',
    'peak concurrency 2',
  ];

  it('explicit subscriptions and merge give GenStage’s demands, batches and peak concurrency', async () => {
    expect(await scenario((pages, online) => merge(online(pages), online(pages)))).toEqual(TRACE);
  });

  it('parallel(2, …) gives the same', async () => {
    expect(await scenario((pages, online) => pipe(pages, parallel(2, online)))).toEqual(TRACE);
  });
});
