// stop()'s shutdown timeout, as Broadway's `shutdown`: a graceful stop reads no more from its sources, lets what
// was handed out finish for at most `timeoutMs`, then cancels what is left; stop() says how it went.
import { describe, expect, it } from 'vitest';
import { consumerSupervisor, from, pipe, producer, start, type Message, type RunningPipeline } from '../src/index.js';
import { map } from '../operators/index.js';
import { acknowledge, redisStream, type Fields } from '../src/redis/index.js';
import { liveWorkerThreads, workers } from '../src/workers/index.js';
import { addEntries, describeRedis, pendingCount } from './redis/server.js';
import { eventually } from './redis/wait.js';

const realImmediate = setImmediate;
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => realImmediate(resolve));
};

/** Workers that run until the test opens them, or until their signal aborts. */
function gated() {
  const gates: (() => void)[] = [];
  const aborted: number[] = [];
  const finished: number[] = [];
  const worker = (n: number, { signal }: { signal: AbortSignal }) =>
    new Promise<number>((resolve, reject) => {
      const onAbort = () => {
        aborted.push(n);
        reject(signal.reason);
      };
      gates.push(() => {
        signal.removeEventListener('abort', onAbort);
        finished.push(n);
        resolve(n);
      });
      signal.addEventListener('abort', onAbort, { once: true });
    });
  return { worker, aborted, finished, openAll: () => gates.splice(0).forEach((open) => open()) };
}

/** An endless source counting how many items were taken from it. */
function endless() {
  const state = { pulled: 0 };
  function* naturals() {
    for (;;) yield state.pulled++;
  }
  return { state, source: from(naturals(), { name: 'Naturals' }) };
}

describe('stop() with a timeout', () => {
  it('cancels what is still in flight once timeoutMs passed: workers abort, done resolves, stop() says so', async () => {
    const { source } = endless();
    const { worker, aborted } = gated();
    // map prefetches a thousand events: draining them all through two workers that never finish would never end.
    const running = start(pipe(source, map((n: number) => n), consumerSupervisor(2, worker)));
    await settle();
    const result = await running.stop({ timeoutMs: 10 });
    expect(result).toEqual({ drained: false, timedOut: true });
    expect(aborted).toEqual([0, 1]);
    await expect(running.done).resolves.toBeUndefined();
  });

  it('a drain that finishes in time resolves { drained: true, timedOut: false }, and cancels nothing', async () => {
    const pages = producer<number>();
    const { worker, aborted, finished, openAll } = gated();
    const running = start(pipe(pages, consumerSupervisor(2, worker)), { stopTimeoutMs: 60_000 });
    pages.push([1, 2]);
    await settle();
    const stopping = running.stop();
    await settle();
    openAll();
    expect(await stopping).toEqual({ drained: true, timedOut: false });
    expect(finished).toEqual([1, 2]);
    expect(aborted).toEqual([]);
  });

  it('reads the source no further once stop() was called: only what was handed out finishes', async () => {
    const { state, source } = endless();
    const { worker, openAll } = gated();
    const running = start(pipe(source, map((n: number) => n), consumerSupervisor(2, worker)));
    await settle();
    const pulledAtStop = state.pulled;
    const stopping = running.stop({ timeoutMs: Infinity });
    // Let the workers finish one after another until the drain is over: the source must not move.
    let over = false;
    void stopping.then(() => (over = true));
    while (!over) {
      openAll();
      await settle();
    }
    expect(state.pulled).toBe(pulledAtStop);
    expect(await stopping).toEqual({ drained: true, timedOut: false });
    expect(running.stats()[2]!.received).toBe(pulledAtStop);
  });

  it('start({ stopTimeoutMs }) is the limit of every stop() that sets none', async () => {
    const { source } = endless();
    const { worker, aborted } = gated();
    const running = start(pipe(source, consumerSupervisor(2, worker)), { stopTimeoutMs: 0 });
    await settle();
    expect(await running.stop()).toEqual({ drained: false, timedOut: true });
    expect(aborted).toEqual([0, 1]);
  });

  it('the earliest deadline of several stop() calls holds, and every call gets the same outcome', async () => {
    const { source } = endless();
    const { worker } = gated();
    const running = start(pipe(source, consumerSupervisor(2, worker)));
    await settle();
    const unbounded = running.stop({ timeoutMs: Infinity });
    const bounded = running.stop({ timeoutMs: 5 });
    expect(await unbounded).toEqual({ drained: false, timedOut: true });
    expect(await bounded).toEqual({ drained: false, timedOut: true });
  });

  it('stop({ drain: false }) and a stop after the end report how the pipeline ended, not a timeout', async () => {
    const { source } = endless();
    const { worker } = gated();
    const cancelled = start(pipe(source, consumerSupervisor(2, worker)));
    await settle();
    expect(await cancelled.stop({ drain: false })).toEqual({ drained: false, timedOut: false });

    const completed = start(pipe([1, 2, 3], map((n: number) => n)));
    await completed.done;
    expect(await completed.stop({ timeoutMs: 0 })).toEqual({ drained: true, timedOut: false });

    const failed = start(pipe([1], map(() => { throw new Error('boom'); })));
    await expect(failed.done).rejects.toThrow('boom');
    expect(await failed.stop()).toEqual({ drained: false, timedOut: false });
  });

  it('refuses a bad timeout at once, naming the option', () => {
    const running = (): RunningPipeline => start(producer<number>());
    expect(() => start(producer(), { stopTimeoutMs: -1 })).toThrow(new RangeError('stopTimeoutMs must be a number >= 0 or Infinity, got -1'));
    expect(() => start(producer(), { stopTimeoutMs: '5s' as never })).toThrow(new TypeError('stopTimeoutMs must be a number >= 0 or Infinity, got "5s"'));
    const r = running();
    expect(() => r.stop({ timeoutMs: NaN })).toThrow(new RangeError('timeoutMs must be a number >= 0 or Infinity, got NaN'));
    expect(() => r.stop({ timeout: 5 } as never)).toThrow(/stop got an unknown option "timeout"; known options: drain, timeoutMs/);
    return r.stop();
  });
});

describe('a timed-out stop cancels each kind of in-flight work', () => {
  it('workers(): the threads are terminated', async () => {
    const { source } = endless();
    // Each batch keeps its thread busy for 30 ms, and the workers hold several batches: no drain ends at once.
    const running = start(pipe(source, workers<number, number>(2, new URL('./workers/busy.mjs', import.meta.url), { maxDemand: 4 })));
    while (running.stats()[1]!.inFlight === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await running.stop({ timeoutMs: 0 })).toEqual({ drained: false, timedOut: true });
    // Cancelled, stop() waits for the release at most 100 ms (a release that hangs must not hold it): a thread
    // interrupted mid-batch may take a moment longer to exit on a loaded machine.
    await eventually(() => expect(liveWorkerThreads()).toBe(0));
  });
});

describeRedis('a timed-out stop of a Redis pipeline', ({ connect }) => {
  it('leaves the messages still being handled pending, for another consumer', async () => {
    const client = await connect();
    await addEntries(client, 'timeout', 20);
    const stage = redisStream({ client, stream: 'timeout', group: 'g', consumer: 'c1', blockMs: 50 });
    const handle = acknowledge((_message: Message<Fields>, { signal }) =>
      new Promise<void>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    );
    const running = start(pipe(stage, consumerSupervisor(5, handle)));
    while (running.stats()[1]!.inFlight < 5) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await running.stop({ timeoutMs: 10 })).toEqual({ drained: false, timedOut: true });
    expect(stage.stats()).toMatchObject({ acked: 0, failed: 0 });
    expect(await pendingCount(client, 'timeout', 'g', 'c1')).toBe(5);
  });
});
