// Faults and their documented outcomes (issue 9), beyond test/faults.test.ts: failing sources on every path,
// every user callback throwing or rejecting, handlers that never settle, aborts while workers run, failing
// workers, a subscriber leaving a broadcast, end()/fail() in any order, and re-entrant calls.
// Every test also checks that no subscription ever got more than its credit or an empty batch.
import fc from 'fast-check';
import { setTimeout as sleep } from 'node:timers/promises';
import { Observable } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import * as op from '../operators/index.js';
import {
  consume,
  consumerSupervisor,
  forEach,
  from,
  merge,
  parallel,
  partitionDispatcher,
  pipe,
  producer,
  producerConsumer,
  reduce,
  toArray,
  type Operator,
  type Stage,
} from '../src/index.js';
import { fromObservable } from '../src/rxjs/index.js';
import { checkCreditInEachTest, eventually, resources, settled } from './reliability-probes.js';

checkCreditInEachTest();

/** Integers 0..count-1 from a generator that throws `error` on pull `failAt`; `state` tells whether its finally ran. */
function numbers(count: number, options: { failAt?: number; async?: boolean; error?: unknown } = {}) {
  const state = { pulled: 0, closed: false };
  function* body() {
    try {
      for (let i = 0; i < count; i++) {
        state.pulled++;
        if (i === options.failAt) throw options.error;
        yield i;
      }
    } finally {
      state.closed = true;
    }
  }
  async function* asyncBody() {
    for (const x of body()) {
      await null;
      yield x;
    }
  }
  return { stage: from(options.async ? asyncBody() : body()), state };
}

const closed = (state: { closed: boolean }) => eventually(() => state.closed);
const micro = <T>(x: T) => Promise.resolve(x);

describe('a source that throws on its first or Nth pull, on every path', () => {
  const paths: Record<string, { operator: () => Operator<number, number>; ordered: boolean }> = {
    consumerSupervisor: { operator: () => consumerSupervisor(3, micro), ordered: false },
    'consumerSupervisor ordered': { operator: () => consumerSupervisor(3, micro, { ordered: true }), ordered: true },
    parallel: { operator: () => parallel(3, producerConsumer((xs: number[]) => micro(xs), { maxDemand: 4 })), ordered: false },
    'parallel ordered': { operator: () => parallel(2, producerConsumer((xs: number[]) => xs), { ordered: true }), ordered: true },
    'parallel partition': {
      operator: () => parallel(2, producerConsumer((xs: number[]) => xs), { dispatcher: partitionDispatcher({ partitions: 2 }) }),
      ordered: false,
    },
  };

  it.each(Object.keys(paths))('%s: the same error once, after some of the events before it; the source is closed', async (path) => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 40 }), fc.boolean(), async (failAt, async) => {
        const boom = new Error(`pull ${failAt}`);
        const { stage, state } = numbers(100, { failAt, async, error: boom });
        const seen: number[] = [];
        const outcome = await consume(pipe(stage, paths[path]!.operator()), (xs) => void seen.push(...xs), { maxDemand: 5 }).catch(
          (error: unknown) => error,
        );
        expect(outcome).toBe(boom);
        const before = Array.from({ length: failAt }, (_, i) => i);
        if (paths[path]!.ordered) expect(seen).toEqual(before.slice(0, seen.length));
        else expect(seen.every((x) => x < failAt) && new Set(seen).size === seen.length).toBe(true);
        expect(await closed(state)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it("merge: every event the failing source gave before it, in order, then the error; the other source is closed", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 40 }), fc.boolean(), async (failAt, async) => {
        const boom = new Error(`pull ${failAt}`);
        const failing = numbers(100, { failAt, async, error: boom });
        const other = numbers(1000, { async: true });
        const seen: number[] = [];
        const outcome = await consume(merge(failing.stage, pipe(other.stage, op.map((x: number) => -1 - x))), (xs) => void seen.push(...xs), {
          maxDemand: 4,
        }).catch((error: unknown) => error);
        expect(outcome).toBe(boom);
        expect(seen.filter((x) => x >= 0)).toEqual(Array.from({ length: failAt }, (_, i) => i));
        expect(await closed(other.state)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe('a user callback that throws synchronously or rejects: the consumer gets the same object once, the source is closed', () => {
  type Fault = <T>() => T;
  const boom = new Error('callback failed');
  const sync: Fault = () => {
    throw boom;
  };
  const rejects: Fault = (() => Promise.reject(boom)) as Fault;
  const sites: [string, (fault: Fault) => (source: Stage<number>) => Promise<unknown>, Fault[]][] = [
    ['producerConsumer handleEvents', (f) => (s) => toArray(pipe(s, producerConsumer(() => f()))), [sync, rejects]],
    ['consumerSupervisor worker (maxRestarts 0)', (f) => (s) => toArray(pipe(s, consumerSupervisor(2, () => f(), { maxRestarts: 0 }))), [sync, rejects]],
    [
      'consumerSupervisor onError',
      (f) => (s) => toArray(pipe(s, consumerSupervisor(2, () => Promise.reject(new Error('w')), { restart: 'temporary', onError: () => f() }))),
      [sync],
    ],
    ['consume handler', (f) => (s) => consume(s, () => f()), [sync, rejects]],
    ['map fn', (f) => (s) => toArray(pipe(s, op.map(() => f()))), [sync, rejects]],
    ['filter pred', (f) => (s) => toArray(pipe(s, op.filter(() => f()))), [sync]],
    ['tap fn', (f) => (s) => toArray(pipe(s, op.tap(() => f()))), [sync]],
    ['scan fn', (f) => (s) => toArray(pipe(s, op.scan(() => f(), 0))), [sync]],
    ['flatMap fn', (f) => (s) => toArray(pipe(s, op.flatMap(() => f()))), [sync]],
    ['takeWhile pred', (f) => (s) => toArray(pipe(s, op.takeWhile(() => f()))), [sync]],
    ['finalize fn, at completion', (f) => (s) => toArray(pipe(s, op.take(3), op.finalize(() => f()))), [sync, rejects]],
    ['catchError fn', (f) => (s) => toArray(pipe(s, op.map(() => Promise.reject(new Error('first'))), op.catchError(() => f()))), [sync]],
    ['reduce fn', (f) => (s) => reduce(s, () => f(), 0), [sync]],
    ['forEach fn', (f) => (s) => forEach(s, () => f()), [sync, rejects]],
    ['producer handleDemand', (f) => () => toArray(producer<number>({ handleDemand: () => f() })), [sync, rejects]],
  ];
  const cases = sites.flatMap(([name, site, faults]) =>
    faults.map((fault) => [`${name} ${fault === sync ? 'throws' : 'rejects'}`, site, fault] as const),
  );

  it.each(cases)('%s', async (_name, site, fault) => {
    const { stage, state } = numbers(50, { async: true });
    const errors: unknown[] = [];
    await site(fault)(stage).catch((error: unknown) => void errors.push(error));
    expect(errors).toEqual([boom]);
    expect(errors[0]).toBe(boom);
    if (state.pulled > 0) expect(await closed(state)).toBe(true);
  });
});

describe('a source whose release throws (an iterator return(), an observable teardown)', () => {
  const failed = new Error('release failed');
  const endless = (async: boolean) => {
    let i = 0;
    const iterator = {
      next: () => (async ? Promise.resolve({ value: i++, done: false }) : { value: i++, done: false }),
      return: (): never => {
        throw failed;
      },
    };
    return from((async ? { [Symbol.asyncIterator]: () => iterator } : { [Symbol.iterator]: () => iterator }) as Iterable<number>);
  };
  const tornDown = () =>
    fromObservable(new Observable<number>((subscriber) => {
      subscriber.next(1);
      return () => {
        throw failed;
      };
    }));

  it.each([
    ['a sync iterator', () => endless(false)],
    ['an async iterator', () => endless(true)],
    ['an observable', tornDown],
  ])('%s: an error downstream still reaches the consumer as the same object, with no unhandled rejection', async (_name, make) => {
    const boom = new Error('handler failed');
    await expect(toArray(pipe(make(), producerConsumer(() => Promise.reject(boom))))).rejects.toBe(boom);
  });

  it("a consumer's own error is not replaced by the release's", async () => {
    const exit = new Error('consumer left');
    await expect(consume(endless(false), () => Promise.reject(exit))).rejects.toBe(exit);
  });

  it('break rethrows the release error, as a for-of over an iterator whose return() throws does', async () => {
    const leave = async () => {
      for await (const x of endless(false)) if (x === 3) break;
    };
    await expect(leave()).rejects.toBe(failed);
  });
});

describe('a handler that never settles, with timeout', () => {
  const never = () => new Promise<never>(() => undefined);

  it('in a producerConsumer: TimeoutError; upstream closed; no timer left; the stuck handler is abandoned', async () => {
    const baseline = resources();
    const { stage, state } = numbers(50);
    await expect(toArray(pipe(stage, producerConsumer(never), op.timeout({ ms: 10 })))).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(await closed(state)).toBe(true);
    expect(await settled(baseline)).toEqual([]);
  });

  it("in a worker that honours its signal: TimeoutError; the worker's signal aborts and it settles", async () => {
    const baseline = resources();
    const aborted: boolean[] = [];
    const worker = async (_x: number, { signal }: { signal: AbortSignal }) => {
      await sleep(60_000, undefined, { signal }).catch(() => aborted.push(signal.aborted));
      return 0;
    };
    await expect(toArray(pipe(numbers(10).stage, consumerSupervisor(2, worker), op.timeout({ ms: 10 })))).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(await settled(baseline, () => aborted.length === 2)).toEqual([]);
    expect(aborted).toEqual([true, true]);
  });

  it('in a producer handleDemand: TimeoutError; no timer left', async () => {
    const baseline = resources();
    await expect(toArray(pipe(producer<number>({ handleDemand: never }), op.timeout({ ms: 10 })))).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(await settled(baseline)).toEqual([]);
  });
});

describe('a consumer that aborts while workers run', () => {
  it("rejects with the abort reason only once every worker's signal aborted and its finally ran; the source is closed", async () => {
    const baseline = resources();
    const { stage, state } = numbers(100, { async: true });
    const finished: boolean[] = [];
    const controller = new AbortController();
    const worker = async (x: number, { signal }: { signal: AbortSignal }) => {
      try {
        if (x === 3) controller.abort(new Error('enough'));
        await sleep(60_000, undefined, { signal });
        return x;
      } finally {
        finished.push(signal.aborted);
      }
    };
    const outcome = await consume(pipe(stage, consumerSupervisor(4, worker)), () => undefined, { signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect(outcome).toBe(controller.signal.reason);
    expect(finished).toEqual([true, true, true, true]);
    expect(state.closed).toBe(true);
    expect(await settled(baseline)).toEqual([]);
  });
});

describe('a worker that fails always, sometimes, or after the intensity window', () => {
  it('always: the pipeline fails with its error after maxRestarts restarts (3: four attempts)', async () => {
    const boom = new Error('always');
    let attempts = 0;
    const { stage, state } = numbers(10, { async: true });
    const worker = (x: number) => (x === 2 ? (attempts++, Promise.reject(boom)) : x);
    await expect(toArray(pipe(stage, consumerSupervisor(1, worker)))).rejects.toBe(boom);
    expect(attempts).toBe(4);
    expect(await closed(state)).toBe(true);
  });

  it('after the intensity window: failures further apart than maxSeconds never use it up, the event gets through', async () => {
    let now = 0;
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const attempts: number[] = [];
      const worker = (x: number, { attempt }: { attempt: number }) => {
        attempts.push(attempt);
        if (attempt > 3) return x;
        now += 1001;
        throw new Error(`attempt ${attempt}`);
      };
      expect(await toArray(pipe([7], consumerSupervisor(1, worker, { maxRestarts: 1, maxSeconds: 1 })))).toEqual([7]);
      expect(attempts).toEqual([1, 2, 3, 4]);
    } finally {
      clock.mockRestore();
    }
  });

  it('sometimes (transient, restarts to spare): every result exactly once, in order when ordered', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }), fc.boolean(), async (flaky, ordered) => {
        const failed = new Set<number>();
        const worker = async (x: number) => {
          if (flaky[x] && !failed.has(x)) {
            failed.add(x);
            throw new Error(`flaky ${x}`);
          }
          return x;
        };
        const events = flaky.map((_, i) => i);
        const got = await toArray(pipe(events, consumerSupervisor(3, worker, { ordered, maxRestarts: 1000 })));
        expect(ordered ? got : [...got].sort((a, b) => a - b)).toEqual(events);
      }),
      { numRuns: 100 },
    );
  });

  it('sometimes (temporary): each failed event reported once to onError and dropped, the others delivered', async () => {
    const reported: number[] = [];
    const worker = (x: number) => (x % 3 === 0 ? Promise.reject(new Error(`${x}`)) : x);
    const onError = (_error: unknown, x: number) => void reported.push(x);
    const got = await toArray(pipe(numbers(30).stage, consumerSupervisor(4, worker, { restart: 'temporary', onError })));
    expect(reported.sort((a, b) => a - b)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27]);
    expect(got.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i).filter((x) => x % 3 !== 0));
  });
});
