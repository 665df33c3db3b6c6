// Completion, errors, early exits and the producer's lifetime (DESIGN.md §5 "Lifecycle").
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { consume, from, openSubscription, pipe, producer, producerConsumer, run, toArray } from '../src/index.js';
import { sleep, tracked } from './helpers.js';
import { allowWarnings, MIXED_DEMANDS } from './warnings.js';


const double = () => producerConsumer((xs: number[]) => xs.map((x) => x * 2));

describe('completion', () => {
  it('a stage ends after its upstream ended and everything it held was delivered', async () => {
    const stage = producer<number>();
    stage.push([1, 2, 3]);
    stage.end();
    expect(await toArray(pipe(stage, double(), double()))).toEqual([4, 8, 12]);
  });

  it('reads arrays, sync and async generators, Node Readable and ReadableStream', async () => {
    const { gen, syncGen } = tracked(5);
    expect(await toArray(from([1, 2, 3]))).toEqual([1, 2, 3]);
    expect(await toArray(from(syncGen()))).toEqual([0, 1, 2, 3, 4]);
    expect(await toArray(from(gen()))).toEqual([0, 1, 2, 3, 4]);
    expect(await toArray(from(Readable.from(['a', 'b', 'c'])))).toEqual(['a', 'b', 'c']);
    const web = new ReadableStream<number>({
      start(controller) {
        [7, 8, 9].forEach((x) => controller.enqueue(x));
        controller.close();
      },
    });
    expect(await toArray(from(web))).toEqual([7, 8, 9]);
    expect(await toArray(from(new Set(['x', 'y'])))).toEqual(['x', 'y']);
  });

  it('an empty source completes at once', async () => {
    expect(await toArray(from([]))).toEqual([]);
    expect(await toArray(pipe([], double()))).toEqual([]);
  });

  it('a from() pulls no more than it was asked', async () => {
    const { state, syncGen } = tracked();
    const subscription = openSubscription(from(syncGen()));
    subscription.ask(3);
    expect(subscription.next()).toEqual([0, 1, 2]);
    expect(state.pulled).toBe(3);
    await subscription.cancel();
    expect(state.finallyRan).toBe(true);
  });

  it('a slow async source delivers each item without waiting for the whole demand', async () => {
    async function* slow() {
      yield 1;
      await sleep(30);
      yield 2;
    }
    const subscription = openSubscription(from(slow()));
    subscription.ask(10);
    expect(await subscription.next()).toEqual([1]);
    expect(await subscription.next()).toEqual([2]);
    expect(await subscription.next()).toBeNull();
  });
});

describe('errors', () => {
  it('an error in a handler reaches the consumer as the same object and releases upstream', async () => {
    const { state, gen } = tracked();
    const boom = new Error('boom');
    const failing = producerConsumer((xs: number[]) => {
      if (xs.includes(1500)) throw boom;
      return xs;
    });
    await expect(run(pipe(from(gen()), double(), failing))).rejects.toBe(boom);
    await sleep(1);
    expect(state.finallyRan).toBe(true);
  });

  it('an error of the source arrives after the events before it', async () => {
    const boom = new Error('source');
    function* source() {
      yield 1;
      yield 2;
      throw boom;
    }
    const seen: number[] = [];
    await expect(consume(pipe(source(), double()), (xs) => void seen.push(...xs))).rejects.toBe(boom);
    expect(seen).toEqual([2, 4]);
  });

  it('a rejected async handler fails the pipeline with its reason', async () => {
    const reason = { code: 42 };
    const stage = pipe([1, 2, 3], producerConsumer(async () => Promise.reject(reason)));
    await expect(toArray(stage)).rejects.toBe(reason);
  });

  it('a consumer handler error cancels the subscription and is rethrown as is', async () => {
    const { state, gen } = tracked();
    const boom = new TypeError('consumer');
    await expect(consume(pipe(from(gen()), double()), () => Promise.reject(boom))).rejects.toBe(boom);
    await sleep(1);
    expect(state.finallyRan).toBe(true);
  });

  it('producer.fail() reaches every consumer after what they already received', async () => {
    const stage = producer<number>();
    const boom = new Error('failed');
    const seen: number[] = [];
    const done = consume(stage, (xs) => void seen.push(...xs));
    stage.push([1, 2]);
    stage.fail(boom);
    await expect(done).rejects.toBe(boom);
    expect(seen).toEqual([1, 2]);
    await expect(toArray(stage)).rejects.toBe(boom);
  });

  it('handleDemand throwing or rejecting fails the producer', async () => {
    const boom = new Error('demand');
    await expect(toArray(producer({ handleDemand: () => { throw boom; } }))).rejects.toBe(boom);
    await expect(toArray(producer({ handleDemand: async () => Promise.reject(boom) }))).rejects.toBe(boom);
  });
});

describe('early exit', () => {
  it('break releases the subscription and runs the generator finally', async () => {
    const { state, gen } = tracked();
    for await (const x of pipe(from(gen()), double())) if (x >= 10) break;
    expect(state.finallyRan).toBe(true);
  });

  it('a sync generator finally runs on break', async () => {
    const { state, syncGen } = tracked();
    for await (const x of from(syncGen())) if (x === 3) break;
    expect(state.finallyRan).toBe(true);
  });

  it('an aborted signal rejects consume with its reason and releases upstream', async () => {
    const { state, gen } = tracked();
    const controller = new AbortController();
    const done = consume(pipe(from(gen()), double()), async () => {
      await sleep(1);
      controller.abort();
    }, { signal: controller.signal });
    const error = await done.catch((e: unknown) => e);
    expect(error).toBe(controller.signal.reason);
    expect(error).toMatchObject({ name: 'AbortError' });
    await sleep(5);
    expect(state.finallyRan).toBe(true);
  });

  it('an already aborted signal starts nothing', async () => {
    const { state, gen } = tracked();
    const reason = new Error('aborted before');
    await expect(toArray(from(gen()), { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(state.pulled).toBe(0);
  });

  it('a subscribe({ signal }) view ends for-await with the abort reason', async () => {
    const stage = producer<number>();
    const controller = new AbortController();
    const seen: number[] = [];
    const iterate = (async () => {
      for await (const x of stage.subscribe({ signal: controller.signal })) {
        seen.push(x);
        if (x === 2) controller.abort();
      }
    })();
    stage.push([1, 2, 3]);
    const error = await iterate.catch((e: unknown) => e);
    expect(error).toBe(controller.signal.reason);
    expect(seen).toEqual([1, 2]);
  });

  it('iterator.return() releases upstream', async () => {
    const { state, gen } = tracked();
    const iterator = from(gen())[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ value: 0, done: false });
    expect(await iterator.return!()).toEqual({ value: undefined, done: true });
    expect(state.finallyRan).toBe(true);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('a stage whose last subscriber left releases its upstream; a later subscriber of a closed source gets an error', async () => {
    const { state, gen } = tracked();
    const doubled = pipe(from(gen()), double());
    for await (const x of doubled) if (x > 0) break;
    expect(state.finallyRan).toBe(true);
    await expect(toArray(doubled)).rejects.toThrow(/was released when its last subscriber left and cannot go on/);
  });
});

describe('the producer lifetime', () => {
  it('lives until end(), serving consumers that come and go', async () => {
    allowWarnings(MIXED_DEMANDS); // asks of different sizes on one producer, which GenStage warns about
    const stage = producer<number>();
    stage.push([1, 2]);
    // Events delivered to a consumer leave with it (as in GenStage): this one asks for one at a time.
    for await (const x of stage.subscribe({ maxDemand: 1, minDemand: 0 })) if (x === 1) break;
    stage.push([3]);
    stage.end();
    expect(await toArray(stage)).toEqual([2, 3]);
  });

  it('end() twice is harmless; push after end() throws, write after end() rejects', async () => {
    const stage = producer<number>();
    stage.end();
    stage.end();
    expect(() => stage.push([1])).toThrow(/has ended/);
    await expect(stage.write([1])).rejects.toThrow(/has ended/);
    expect(await toArray(stage)).toEqual([]);
  });

  it('fail() after end() fails a producer that still holds events; after done it does nothing', async () => {
    const stage = producer<number>();
    stage.push([1]);
    stage.end();
    const boom = new Error('late');
    stage.fail(boom);
    await expect(toArray(stage)).rejects.toBe(boom);
    const finished = producer<number>();
    finished.end();
    expect(await toArray(finished)).toEqual([]);
    finished.fail(new Error('ignored'));
    expect(await toArray(finished)).toEqual([]);
  });

  it('pending writes are rejected when the producer fails', async () => {
    const stage = producer<number>({ bufferSize: 1 });
    const write = stage.write([1, 2, 3]);
    const boom = new Error('stop');
    stage.fail(boom);
    await expect(write).rejects.toBe(boom);
  });

  it('an async handleDemand is called once per ask, in order, never concurrently', async () => {
    const calls: number[] = [];
    let running = 0;
    let peak = 0;
    let next = 0;
    const stage = producer<number>({
      async handleDemand(n) {
        calls.push(n);
        peak = Math.max(peak, ++running);
        await sleep(1);
        running--;
        return Array.from({ length: n }, () => next++);
      },
    });
    const a = openSubscription(stage);
    const b = openSubscription(stage);
    a.ask(4);
    b.ask(2);
    expect(await a.next()).toEqual([0, 1, 2, 3]);
    expect(await b.next()).toEqual([4, 5]);
    expect(calls).toEqual([4, 2]);
    expect(peak).toBe(1);
    stage.end();
  });

  it('pushing from inside handleDemand is allowed', async () => {
    const stage: ReturnType<typeof producer<number>> = producer<number>({
      handleDemand(n) {
        stage.push([n]);
        return [n + 1];
      },
    });
    const subscription = openSubscription(stage);
    subscription.ask(5);
    expect(subscription.next()).toEqual([5]);
    expect(subscription.next()).toEqual([6]);
    await subscription.cancel();
  });
});

describe('stats', () => {
  it('counts subscribers, demand, received and emitted events', async () => {
    const source = from([1, 2, 3, 4]);
    const doubled = pipe(source, double());
    const subscription = openSubscription(doubled);
    subscription.ask(2);
    expect(await subscription.next()).toEqual([2, 4]);
    expect(doubled.stats()).toMatchObject({ kind: 'producerConsumer', subscribers: 1, demand: 0, emitted: 2 });
    // The source gave all it had and is done: it has no subscribers left.
    expect(source.stats()).toMatchObject({ kind: 'from', subscribers: 0, received: 4, emitted: 4 });
    await subscription.cancel();
    expect(doubled.stats().subscribers).toBe(0);
  });
});
