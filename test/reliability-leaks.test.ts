// Nothing leaks (issue 9): no timer, handle or abort listener outlives a pipeline, however it ended, and a
// long-lived stage or signal does not accumulate state from the consumers that came and went.
import { getEventListeners } from 'node:events';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { interval } from 'rxjs';
import { describe, expect, it } from 'vitest';
import * as op from '../operators/index.js';
import {
  consume,
  consumerSupervisor,
  from,
  merge,
  openSubscription,
  parallel,
  pipe,
  producer,
  producerConsumer,
  start,
  toArray,
  type Stage,
} from '../src/index.js';
import { fromObservable, toObservable } from '../src/rxjs/index.js';
import { eventually, resources, settled } from './reliability-probes.js';
import { allowWarnings, MIXED_DEMANDS } from './warnings.js';

const upTo = (n: number) => Array.from({ length: n }, (_, i) => i);

function endless(closed: { count: number }) {
  return async function* () {
    try {
      for (let i = 0; ; i++) {
        await sleep(0);
        yield i;
      }
    } finally {
      closed.count++;
    }
  };
}

describe('start() and stop() in a loop', () => {
  const shapes: Record<string, (source: Stage<number>) => Stage<unknown>> = {
    producerConsumer: (s) => pipe(s, producerConsumer(async (xs: number[]) => (await sleep(0), xs), { maxDemand: 4 })),
    consumerSupervisor: (s) => pipe(s, consumerSupervisor(3, (x: number, { signal }) => sleep(1, x, { signal }))),
    merge: (s) => merge(s, from(upTo(5))),
    parallel: (s) => pipe(s, parallel(3, producerConsumer((xs: number[]) => xs))),
    'parallel ordered': (s) => pipe(s, parallel(2, producerConsumer((xs: number[]) => xs), { ordered: true })),
    'operators with timers': (s) => pipe(s, op.batch({ size: 3, timeMs: 5 }), op.timeout({ ms: 1000 }), op.rateLimit({ allowed: 2, intervalMs: 1 })),
  };

  it.each(Object.keys(shapes))('%s: 50 pipelines started and stopped leave no timer or handle, every source closed', async (shape) => {
    const baseline = resources();
    const closed = { count: 0 };
    for (let i = 0; i < 50; i++) {
      const running = start(shapes[shape]!(from(endless(closed)())));
      await sleep(0);
      await running.stop({ drain: i % 2 === 0 });
      await running.done;
    }
    expect(await settled(baseline, () => closed.count === 50)).toEqual([]);
    expect(closed.count).toBe(50);
  });
});

describe('no abort listener outlives its consumer', () => {
  const listeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;

  it('consume(), toArray() and for-await views with one long-lived signal, 50 times each', async () => {
    const { signal } = new AbortController();
    for (let i = 0; i < 50; i++) {
      await consume(from(upTo(3)), () => undefined, { signal });
      await toArray(from(upTo(3)), { signal });
      for await (const x of from(upTo(3)).subscribe({ signal })) if (x === 1) break;
      for await (const _x of from(upTo(3)).subscribe({ signal }));
    }
    expect(listeners(signal)).toBe(0);
  });

  it('start() with one long-lived signal, 50 pipelines run to their end', async () => {
    const { signal } = new AbortController();
    for (let i = 0; i < 50; i++) await start(from(upTo(3)), { signal }).done;
    expect(await eventually(() => listeners(signal) === 0)).toBe(true);
  });
});

describe('a long-lived stage serving consumers that come and go', () => {
  it('a producer with 10 000 subscriptions opened, asked and cancelled holds no subscriber and no demand', async () => {
    allowWarnings(MIXED_DEMANDS); // asks of different sizes on one producer, which GenStage warns about
    const stage = producer<number>({ handleDemand: (n) => upTo(Math.min(n, 2)) });
    for (let i = 0; i < 10_000; i++) {
      const subscription = openSubscription(stage);
      subscription.ask(3);
      subscription.next();
      await subscription.cancel();
    }
    expect(stage.stats()).toMatchObject({ subscribers: 0, demand: 0, inFlight: 0 });
    stage.push([1, 2]);
    stage.end();
    expect(await toArray(stage)).toEqual([1, 2]);
  });
});

describe('foreign sources are released when the consumer leaves', () => {
  it('a Node Readable is destroyed', async () => {
    const readable = Readable.from(upTo(1000), { objectMode: true, highWaterMark: 4 });
    for await (const x of from<number>(readable)) if (x === 3) break;
    expect(await eventually(() => readable.destroyed)).toBe(true);
  });

  it('a ReadableStream is cancelled', async () => {
    let cancelled = false;
    let next = 0;
    const stream = new ReadableStream<number>({
      pull: (controller) => controller.enqueue(next++),
      cancel: () => void (cancelled = true),
    });
    for await (const x of from(stream)) if (x === 3) break;
    expect(cancelled).toBe(true);
  });

  it('an rxjs interval is unsubscribed: no timer left', async () => {
    const baseline = resources();
    for await (const x of fromObservable(interval(1))) if (x === 3) break;
    expect(await settled(baseline)).toEqual([]);
  });

  it('toObservable: unsubscribing closes the generator behind the stage', async () => {
    const closed = { count: 0 };
    const subscription = toObservable(from(endless(closed)())).subscribe();
    await sleep(5);
    subscription.unsubscribe();
    expect(await eventually(() => closed.count === 1)).toBe(true);
  });
});
