// Documented outcomes (issue 9) of a subscriber leaving a broadcast, of end() and fail() in any order, and of
// re-entrant calls: pushing, subscribing, cancelling and stopping from inside handlers.
// Every test also checks that no subscription ever got more than its credit or an empty batch.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  broadcastDispatcher,
  consume,
  consumerSupervisor,
  from,
  openSubscription,
  pipe,
  producer,
  producerConsumer,
  run,
  start,
  toArray,
  type Producer,
  type RunningPipeline,
  type Stage,
} from '../src/index.js';
import { checkCreditInEachTest } from './reliability-probes.js';
import { allowWarnings, MIXED_DEMANDS } from './warnings.js';

checkCreditInEachTest();

const upTo = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Drains a stage with for-await; then checks the error (if any) came once: the iterator is done after it. */
async function drain<T>(stage: Stage<T>): Promise<{ events: T[]; errors: unknown[] }> {
  const events: T[] = [];
  const errors: unknown[] = [];
  const iterator = stage[Symbol.asyncIterator]();
  try {
    for (let step = await iterator.next(); !step.done; step = await iterator.next()) events.push(step.value);
  } catch (error) {
    errors.push(error);
    const again = await iterator.next().catch((e: unknown) => void errors.push(e));
    if (again && !again.done) errors.push(new Error('an event after the error'));
  }
  return { events, errors };
}

describe('a subscriber that leaves a broadcast in the middle', () => {
  it('the others go on and lose nothing, in order; the source is closed once they are done', async () => {
    let closed = false;
    function* source() {
      try {
        yield* upTo(300);
      } finally {
        closed = true;
      }
    }
    const hub = pipe(from(source()), producerConsumer((xs: number[]) => xs, { maxDemand: 10, dispatcher: broadcastDispatcher({ waitFor: 3 }) }));
    const leaver = (async () => {
      const seen: number[] = [];
      for await (const x of hub.subscribe({ maxDemand: 7 })) if (seen.push(x) === 40) break;
      return seen;
    })();
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    const slow = toArray(pipe(hub.subscribe({ maxDemand: 3 }), producerConsumer(async (xs: number[]) => (await nextTurn(), xs))));
    const fast = toArray(hub);
    expect(await leaver).toEqual(upTo(40));
    expect(closed).toBe(false);
    expect(await fast).toEqual(upTo(300));
    expect(await slow).toEqual(upTo(300));
    expect(closed).toBe(true);
  });

  it('a subscriber that holds the others back by asking nothing lets them go on when it leaves', async () => {
    const stage = producer<number>({ dispatcher: broadcastDispatcher() });
    const idle = openSubscription(stage);
    const all = toArray(stage);
    stage.push(upTo(10));
    stage.end();
    await sleep(1);
    expect(stage.stats().buffered).toBe(10);
    await idle.cancel();
    expect(await all).toEqual(upTo(10));
  });
});

describe('end() and fail() called twice or after each other', () => {
  const a = new Error('a');
  const sequences: [string, (p: Producer<number>) => void, { events: number[]; error?: unknown }][] = [
    ['end(); end(): completes once with the buffered events', (p) => (p.end(), p.end()), { events: [1, 2, 3] }],
    // Errors keep the past (invariant 7): what the producer held goes out before the error.
    ['fail(a); fail(b): the buffered events, then a once', (p) => (p.fail(a), p.fail(new Error('b'))), { events: [1, 2, 3], error: a }],
    ['fail(a); end(): stays failed with a', (p) => (p.fail(a), p.end()), { events: [1, 2, 3], error: a }],
    ['end(); fail(a) before the buffer drained: the buffered events, then a', (p) => (p.end(), p.fail(a)), { events: [1, 2, 3], error: a }],
    ['fail(undefined): fails once with undefined', (p) => p.fail(undefined), { events: [1, 2, 3], error: undefined }],
  ];

  it.each(sequences)('%s', async (_name, sequence, outcome) => {
    const stage = producer<number>();
    stage.push([1, 2, 3]);
    sequence(stage);
    const { events, errors } = await drain(stage);
    expect(events).toEqual(outcome.events);
    expect(errors).toEqual('error' in outcome ? [outcome.error] : []);
    if ('error' in outcome) expect(errors[0]).toBe(outcome.error);
  });

  it('fail(a) after the stage completed changes nothing: its consumers completed', async () => {
    const stage = producer<number>();
    stage.push([1]);
    stage.end();
    expect(await drain(stage)).toEqual({ events: [1], errors: [] });
    stage.fail(a);
    expect(await drain(stage)).toEqual({ events: [], errors: [] });
  });

  it('end() with writes still waiting for room: they are all delivered, then the stage completes', async () => {
    const stage = producer<number>({ bufferSize: 2 });
    const written = [stage.write([0, 1, 2]), stage.write([3, 4])];
    stage.end();
    expect(await drain(stage)).toEqual({ events: upTo(5), errors: [] });
    await Promise.all(written);
  });

  it('fail(a) with writes still waiting: each write rejects with a, the consumer gets what was held, then a once', async () => {
    const stage = producer<number>({ bufferSize: 1 });
    const written = [stage.write([0, 1]), stage.write([2])].map((w) => w.catch((e: unknown) => e));
    stage.fail(a);
    expect(await Promise.all(written)).toEqual([a, a]);
    // 0 was in the buffer before the failure: errors keep the past (invariant 7); 1 and 2 never got in.
    expect(await drain(stage)).toEqual({ events: [0], errors: [a] });
  });
});

describe('re-entrant calls', () => {
  it('handleDemand pushing more than asked: the surplus waits in the buffer, nothing is lost, credit is kept', async () => {
    let next = 0;
    const stage: Producer<number> = producer<number>({
      handleDemand(n) {
        stage.push(upTo(n + 3).map((i) => next + i));
        next += n + 3;
        if (next >= 100) stage.end();
      },
    });
    expect(await toArray(stage.subscribe({ maxDemand: 4 }))).toEqual(upTo(next));
  });

  it('handleDemand subscribing another consumer to its own producer: the two share the events', async () => {
    let second: Promise<number[]> | undefined;
    let next = 0;
    const stage: Producer<number> = producer<number>({
      handleDemand(n) {
        second ??= toArray(stage.subscribe({ maxDemand: 2 }));
        const out = upTo(Math.min(n, 50 - next)).map((i) => next + i);
        next += out.length;
        if (next === 50) stage.end();
        return out;
      },
    });
    const first = await toArray(stage.subscribe({ maxDemand: 2 }));
    expect([...first, ...(await second!)].sort((x, y) => x - y)).toEqual(upTo(50));
  });

  it('a handler cancelling another consumer of the same stage: nothing duplicated, the handler goes on to the end', async () => {
    const stage = from(upTo(100));
    const other = stage.subscribe({ maxDemand: 5 })[Symbol.asyncIterator]();
    const otherSeen = [(await other.next()).value as number];
    const mine: number[] = [];
    await consume(stage, async (xs) => {
      if (mine.length === 0) await other.return!();
      mine.push(...xs);
    }, { maxDemand: 5 });
    // Events delivered to the one that left and not taken by it are dropped, as in GenStage.
    const all = [...otherSeen, ...mine];
    expect(new Set(all).size).toBe(all.length);
    expect(mine.at(-1)).toBe(99);
  });

  it('a worker pushing new events into the producer that feeds it (a crawler): each page once, then the end', async () => {
    const pages = producer<string>();
    let open = 0;
    const crawl = async (page: string) => {
      await sleep(0);
      if (page.length < 4) {
        open += 2;
        pages.push([`${page}a`, `${page}b`]);
      }
      if (--open === 0) pages.end();
      return page;
    };
    open = 1;
    pages.push(['p']);
    const crawled = await toArray(pipe(pages, consumerSupervisor(3, crawl)));
    expect(crawled.length).toBe(15);
    expect(new Set(crawled).size).toBe(15);
  });

  it('a consumer pushing into the producer it consumes: every event once, in order', async () => {
    const stage = producer<number>();
    stage.push([0]);
    const seen: number[] = [];
    await consume(stage, (xs) => {
      seen.push(...xs);
      const last = xs.at(-1)!;
      if (last < 99) stage.push([last + 1]);
      else stage.end();
    });
    expect(seen).toEqual(upTo(100));
  });

  it('stop() called from inside a handler of the pipeline it stops: done resolves, stop() again is harmless', async () => {
    let running: RunningPipeline | undefined;
    let stopped: Promise<unknown> | undefined;
    const seen: number[] = [];
    running = start(
      pipe(
        from(upTo(1000)),
        producerConsumer((xs: number[]) => {
          seen.push(...xs);
          stopped ??= running!.stop({ drain: false });
        }, { maxDemand: 10 }),
      ),
    );
    await running.done;
    await stopped;
    await running.stop();
    expect(seen.length).toBeLessThan(1000);
  });

  it('run() of a stage whose handler subscribes to the same stage again: both consumers share it to the end', async () => {
    allowWarnings(MIXED_DEMANDS); // asks of different sizes on one producer, which GenStage warns about
    const stage = from(upTo(200));
    const late: Promise<number[]>[] = [];
    const seen: number[] = [];
    await run(pipe(stage, producerConsumer((xs: number[]) => {
      if (late.length === 0) late.push(toArray(stage));
      seen.push(...xs);
    }, { maxDemand: 10 })));
    expect([...seen, ...(await late[0]!)].sort((x, y) => x - y)).toEqual(upTo(200));
  });
});
