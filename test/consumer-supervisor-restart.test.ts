// Restarts (semantics §5.2): transient workers run again with the same event and keep their slot, within
// the restart intensity; temporary workers drop the event and report it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { consumerSupervisor, pipe, producer, run, toArray } from '../src/index.js';

const realImmediate = setImmediate;
const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => realImmediate(resolve));
};

/** A worker whose event fails its first `failures[event]` attempts, each with its own error object. */
function flaky(failures: Record<string, number>) {
  const attempts: string[] = [];
  const errors: Error[] = [];
  const worker = async (event: string, { attempt }: { attempt: number }) => {
    attempts.push(`${event}#${attempt}`);
    if (attempt <= (failures[event] ?? 0)) {
      const error = new Error(`${event} failed on attempt ${attempt}`);
      errors.push(error);
      throw error;
    }
    return event;
  };
  return { worker, attempts, errors };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(0);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("restart: 'transient' (the default)", () => {
  it('runs a failed worker again with the same event, keeping its slot (no new demand)', async () => {
    const asks: number[] = [];
    const pages = producer<string>({ handleDemand: (n) => void asks.push(n) });
    const { worker, attempts } = flaky({ b: 2 });
    const stage = pipe(pages, consumerSupervisor(2, worker, { minDemand: 0 }));
    const results = toArray(stage);
    pages.push(['a', 'b']);
    await settle();
    expect(attempts).toEqual(['a#1', 'b#1', 'b#2', 'b#3']);
    // a's exit and b's final exit asked for more; b's two restarts did not.
    expect(asks).toEqual([2, 1, 1]);
    expect(stage.stats().restarts).toBe(2);
    pages.end();
    expect((await results).sort()).toEqual(['a', 'b']);
  });

  it('fails the pipeline with the worker error (the same object) once restarts exceed maxRestarts', async () => {
    const { worker, attempts, errors } = flaky({ a: 10 });
    const stage = pipe(['a'], consumerSupervisor(1, worker));
    const failure = await run(stage).catch((error: unknown) => error);
    expect(failure).toBe(errors[3]);
    // Three restarts allowed (the default), the fourth failure is one too many.
    expect(attempts).toEqual(['a#1', 'a#2', 'a#3', 'a#4']);
    expect(stage.stats().restarts).toBe(3);
  });

  it('counts restarts within the last maxSeconds only', async () => {
    const pages = producer<string>();
    const { worker, attempts } = flaky({ a: 2, b: 2 });
    const results = toArray(pipe(pages, consumerSupervisor(1, worker, { maxRestarts: 3, maxSeconds: 5 })));
    pages.push(['a']);
    await settle();
    // a's two restarts at t=0 have left the window at t=5001: b gets its own two.
    vi.setSystemTime(5001);
    pages.push(['b']);
    pages.end();
    expect(await results).toEqual(['a', 'b']);
    expect(attempts).toEqual(['a#1', 'a#2', 'a#3', 'b#1', 'b#2', 'b#3']);
  });

  it('still counts a restart exactly maxSeconds old, as GenStage does', async () => {
    const pages = producer<string>();
    const { worker, errors } = flaky({ a: 2, b: 2 });
    const results = toArray(pipe(pages, consumerSupervisor(1, worker, { maxRestarts: 3, maxSeconds: 5 })));
    pages.push(['a']);
    await settle();
    vi.setSystemTime(5000);
    pages.push(['b']);
    const failure = await results.catch((error: unknown) => error);
    // a's two restarts at t=0 and b's first make three; b's second is one too many.
    expect(failure).toBe(errors[3]);
    expect(failure).toEqual(new Error('b failed on attempt 2'));
  });

  it('maxRestarts: 0 fails on the first failure, after aborting the other workers and waiting for them', async () => {
    const boom = new Error('boom');
    const slow: unknown[] = [];
    const worker = async (event: string, { signal }: { signal: AbortSignal }) => {
      if (event === 'bad') throw boom;
      try {
        await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
      } finally {
        slow.push(signal.reason);
      }
    };
    await expect(run(pipe(['slow', 'bad'], consumerSupervisor(2, worker, { maxRestarts: 0 })))).rejects.toBe(boom);
    expect(slow).toEqual([boom]);
  });

  it('restarts sync workers too, with attempt counting up', async () => {
    const seen: number[] = [];
    const worker = (event: number, { attempt }: { attempt: number }) => {
      seen.push(attempt);
      if (attempt < 3) throw new Error('not yet');
      return event * attempt;
    };
    expect(await toArray(pipe([7], consumerSupervisor(1, worker)))).toEqual([21]);
    expect(seen).toEqual([1, 2, 3]);
  });
});

describe("restart: 'temporary'", () => {
  it('reports the failed event to onError with the same error object and goes on', async () => {
    const asks: number[] = [];
    const pages = producer<string>({ handleDemand: (n) => void asks.push(n) });
    const { worker, attempts, errors } = flaky({ b: 1 });
    const reported: [unknown, string][] = [];
    const onError = (error: unknown, event: string) => void reported.push([error, event]);
    const results = toArray(pipe(pages, consumerSupervisor(1, worker, { restart: 'temporary', minDemand: 0, onError })));
    pages.push(['a', 'b', 'c']);
    pages.end();
    expect(await results).toEqual(['a', 'c']);
    expect(attempts).toEqual(['a#1', 'b#1', 'c#1']);
    expect(reported).toEqual([[errors[0], 'b']]);
    expect(reported[0]![0]).toBe(errors[0]);
  });

  it('keeps input order in ordered mode, skipping the dropped event', async () => {
    const { worker } = flaky({ b: 1 });
    const stage = pipe(['a', 'b', 'c', 'd'], consumerSupervisor(2, worker, { restart: 'temporary', ordered: true, onError() {} }));
    expect(await toArray(stage)).toEqual(['a', 'c', 'd']);
  });

  it('warns by default, naming the stage and the event', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { worker, errors } = flaky({ b: 1 });
    await run(pipe(['a', 'b'], consumerSupervisor(2, worker, { restart: 'temporary', name: 'Scrapers' })));
    expect(warn).toHaveBeenCalledWith('genstage consumerSupervisor Scrapers dropped event "b": its worker failed', errors[0]);
  });

  it('fails the pipeline with the error onError throws', async () => {
    const fromOnError = new Error('onError gave up');
    const { worker } = flaky({ a: 1 });
    const onError = () => {
      throw fromOnError;
    };
    await expect(run(pipe(['a'], consumerSupervisor(1, worker, { restart: 'temporary', onError })))).rejects.toBe(fromOnError);
  });
});
