import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { consumerSupervisor, from, pipe, producer, run, toArray } from '../src/index.js';

const realImmediate = setImmediate;
const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => realImmediate(resolve));
};

/** Workers that finish when the test says so. */
function gates<T>() {
  const open = new Map<T, () => void>();
  const started: T[] = [];
  return {
    started,
    worker: (event: T) =>
      new Promise<T>((resolve) => {
        started.push(event);
        open.set(event, () => resolve(event));
      }),
    open: (event: T) => open.get(event)!(),
  };
}

/** A producer whose handleDemand records every demand it receives. */
function recordingProducer() {
  const asks: number[] = [];
  const pages = producer<string>({ handleDemand: (n) => void asks.push(n) });
  return { pages, asks };
}

/** A worker measuring how many run at once; a negative duration returns synchronously. */
function instrumented(durations: readonly number[]) {
  const runs = new Map<number, number>();
  let running = 0;
  let peak = 0;
  const worker = (i: number): number | Promise<number> => {
    runs.set(i, (runs.get(i) ?? 0) + 1);
    running++;
    peak = Math.max(peak, running);
    const duration = durations[i]!;
    if (duration < 0) {
      running--;
      return i;
    }
    return new Promise((resolve) =>
      setTimeout(() => {
        running--;
        resolve(i);
      }, duration),
    );
  };
  return { worker, runs, peak: () => peak };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('consumerSupervisor demand (ConsumerSupervisor rule, semantics §5.1)', () => {
  it('max 3 / min 2: one exit asks nothing, the second asks 2, the next event waits (checklist 211)', async () => {
    const { pages, asks } = recordingProducer();
    const { started, worker, open } = gates<string>();
    const done = run(pipe(pages, consumerSupervisor(3, worker, { minDemand: 2 })));
    await settle();
    expect(asks).toEqual([3]);
    pages.push(['a', 'b', 'c']);
    await settle();
    expect(started).toEqual(['a', 'b', 'c']);
    open('a');
    await settle();
    expect(asks).toEqual([3]);
    open('b');
    await settle();
    expect(asks).toEqual([3, 2]);
    pages.push(['d', 'e', 'f']);
    await settle();
    expect(started).toEqual(['a', 'b', 'c', 'd', 'e']);
    open('c');
    await settle();
    expect(started).toEqual(['a', 'b', 'c', 'd', 'e']);
    open('d');
    await settle();
    expect(asks).toEqual([3, 2, 1]);
    expect(started).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    for (const event of ['e', 'f']) open(event);
    pages.end();
    await done;
  });

  it('max 3 / min 0 with 2 events: no ask of 0 while they run, then one ask per exit (checklist 212)', async () => {
    const { pages, asks } = recordingProducer();
    const { worker, open } = gates<string>();
    const done = run(pipe(pages, consumerSupervisor(3, worker, { minDemand: 0 })));
    pages.push(['a', 'b']);
    await settle();
    expect(asks).toEqual([3]);
    open('a');
    await settle();
    expect(asks).toEqual([3, 1]);
    open('b');
    await settle();
    expect(asks).toEqual([3, 1, 1]);
    pages.end();
    await done;
  });

  it('max 1 / min 0: one worker at a time, each exit takes the next event (checklist 208)', async () => {
    const { pages, asks } = recordingProducer();
    const { started, worker, open } = gates<string>();
    const stage = pipe(pages, consumerSupervisor(1, worker, { minDemand: 0 }));
    const done = toArray(stage);
    pages.push(['a', 'b', 'c']);
    await settle();
    expect(started).toEqual(['a']);
    expect(stage.stats().inFlight).toBe(1);
    open('a');
    await settle();
    expect(started).toEqual(['a', 'b']);
    expect(asks).toEqual([1]);
    open('b');
    await settle();
    open('c');
    await settle();
    expect(asks).toEqual([1, 1]);
    pages.end();
    expect(await done).toEqual(['a', 'b', 'c']);
  });

  it('keeps maxDemand workers running, never more, and runs each event exactly once (property)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const cases = fc
      .integer({ min: 1, max: 8 })
      .chain((max) =>
        fc.record({
          max: fc.constant(max),
          min: fc.integer({ min: 0, max: max - 1 }),
          durations: fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 40 }),
        }),
      );
    await fc.assert(
      fc.asyncProperty(cases, async ({ max, min, durations }) => {
        const { worker, runs, peak } = instrumented(durations);
        const events = durations.map((_, i) => i);
        const results = toArray(pipe(events, consumerSupervisor(max, worker, { minDemand: min })));
        await vi.runAllTimersAsync();
        expect([...(await results)].sort((a, b) => a - b)).toEqual(events);
        expect(peak()).toBe(Math.min(max, events.length));
        expect([...runs.values()].every((count) => count === 1)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('emits in completion order by default: a concurrent map', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { worker } = instrumented([30, 10, 20]);
    const results = toArray(pipe([0, 1, 2], consumerSupervisor(3, worker)));
    await vi.runAllTimersAsync();
    expect(await results).toEqual([1, 2, 0]);
  });

  it('ordered: true emits in input order under random durations, sync and async (property)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const cases = fc.record({
      max: fc.integer({ min: 1, max: 6 }),
      durations: fc.array(fc.integer({ min: -1, max: 6 }), { maxLength: 40 }),
    });
    await fc.assert(
      fc.asyncProperty(cases, async ({ max, durations }) => {
        const { worker, peak } = instrumented(durations);
        const events = durations.map((_, i) => i);
        const results = toArray(pipe(events, consumerSupervisor(max, worker, { ordered: true })));
        await vi.runAllTimersAsync();
        expect(await results).toEqual(events);
        expect(peak()).toBeLessThanOrEqual(max);
      }),
      { numRuns: 60 },
    );
  });

  it('a stalled consumer stalls the supervisor: slots free only once results are delivered', async () => {
    let calls = 0;
    const stage = pipe(
      from(Array.from({ length: 100 }, (_, i) => i)),
      consumerSupervisor(4, (x: number) => {
        calls++;
        return x;
      }),
    );
    const iterator = stage.subscribe({ maxDemand: 2, minDemand: 0 })[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ value: 0, done: false });
    await settle();
    // 2 events delivered downstream, and 4 results holding the 4 slots.
    expect(calls).toBe(6);
    expect(stage.stats().buffered).toBe(4);
    expect(await iterator.next()).toEqual({ value: 1, done: false });
    expect(await iterator.next()).toEqual({ value: 2, done: false });
    await iterator.return!();
  });

  it('takes events from any iterable and completes after the last worker finished', async () => {
    const { worker, open } = gates<string>();
    const { pages } = recordingProducer();
    const results = toArray(pipe(pages, consumerSupervisor(2, worker)));
    pages.push(['a', 'b']);
    pages.end();
    await settle();
    open('b');
    await settle();
    open('a');
    expect(await results).toEqual(['b', 'a']);
    expect(await toArray(pipe(new Set([1, 2, 3]), consumerSupervisor(2, (x: number) => x * 10)))).toEqual([10, 20, 30]);
  });

  it('reports kind, name, running workers and restarts in stats()', async () => {
    const { worker, open } = gates<number>();
    const stage = pipe([1, 2, 3], consumerSupervisor(3, worker, { name: 'Scrapers' }));
    const results = toArray(stage);
    await settle();
    expect(stage.stats()).toMatchObject({ name: 'Scrapers', kind: 'consumerSupervisor', inFlight: 3, restarts: 0 });
    for (const event of [1, 2, 3]) open(event);
    expect(await results).toEqual([1, 2, 3]);
    expect(stage.stats().inFlight).toBe(0);
  });
});

describe('consumerSupervisor cancellation and errors', () => {
  /** A worker that runs until its signal aborts; event 0 finishes at once so the consumer gets a result. */
  function untilAborted(finals: number[], reasons: unknown[] = [], started: number[] = []) {
    return async (i: number, { signal }: { signal: AbortSignal }) => {
      started.push(i);
      try {
        if (i === 0) return i;
        await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
        return i;
      } finally {
        reasons.push(signal.reason);
        finals.push(i);
      }
    };
  }

  it('break in for-await aborts every running worker and waits for their finally blocks', async () => {
    const finals: number[] = [];
    const started: number[] = [];
    let closed = false;
    function* events() {
      try {
        for (let i = 0; i < 100; i++) yield i;
      } finally {
        closed = true;
      }
    }
    for await (const result of pipe(events(), consumerSupervisor(4, untilAborted(finals, [], started), { minDemand: 0 }))) {
      expect(result).toBe(0);
      break;
    }
    // Event 0's exit started event 4; every running worker was aborted and settled before the loop ended.
    expect([...finals].sort()).toEqual(started.sort());
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(closed).toBe(true);
    await settle();
    expect(started).toHaveLength(5);
  });

  it('an upstream error aborts the workers and fails the pipeline with the same error object', async () => {
    const boom = new Error('upstream boom');
    const finals: number[] = [];
    const reasons: unknown[] = [];
    const numbers = producer<number>();
    const results = toArray(pipe(numbers, consumerSupervisor(3, untilAborted(finals, reasons))));
    numbers.push([1, 2]);
    await settle();
    numbers.fail(boom);
    await expect(results).rejects.toBe(boom);
    // The pipeline failed only after its workers settled, each aborted with the error.
    expect([...finals].sort()).toEqual([1, 2]);
    expect(reasons).toEqual([boom, boom]);
  });

  it('a source that is not iterable is refused when the operator is applied', () => {
    const operator = consumerSupervisor(2, (x: number) => x);
    expect(() => operator(42 as never)).toThrow(new TypeError('source must be an Iterable or AsyncIterable, got 42'));
  });
});
