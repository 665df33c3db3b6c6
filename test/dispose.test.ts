// `await using`: a started pipeline is stopped gracefully at the end of its scope, and a stage's async iterator
// is released there, as an async generator is.
import { describe, expect, it } from 'vitest';
import { consumerSupervisor, from, pipe, producer, start } from '../src/index.js';
import { tracked } from './helpers.js';

const realImmediate = setImmediate;
const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => realImmediate(resolve));
};

describe('await using running = start(…)', () => {
  it('stops the pipeline gracefully at scope end: in-flight work finishes before the scope is left', async () => {
    const pages = producer<string>({ name: 'PageProducer' });
    const finished: string[] = [];
    const gates: (() => void)[] = [];
    const scrape = (page: string) =>
      new Promise<string>((resolve) => {
        gates.push(() => {
          finished.push(page);
          resolve(page);
        });
      });
    let done: Promise<void>;
    {
      await using running = start(pipe(pages, consumerSupervisor(2, scrape)));
      done = running.done;
      pages.push(['page1', 'page2']);
      await settle();
      expect(finished).toEqual([]);
      expect(gates).toHaveLength(2);
      // The pages finish only after the scope began to close: leaving it must wait for them.
      setTimeout(() => gates.forEach((open) => open()), 1);
    }
    expect(finished).toEqual(['page1', 'page2']);
    await expect(done).resolves.toBeUndefined();
    expect(() => pages.push(['late'])).toThrow(/has ended/);
  });

  it('is left by an exception too, and the exception is the one that propagates', async () => {
    const pages = producer<string>();
    const failure = new Error('in the scope');
    let running: ReturnType<typeof start> | undefined;
    await expect(
      (async () => {
        await using started = start(pipe(pages, consumerSupervisor(1, (page: string) => page)));
        running = started;
        throw failure;
      })(),
    ).rejects.toBe(failure);
    await expect(running!.done).resolves.toBeUndefined();
    expect(() => pages.push(['late'])).toThrow(/has ended/);
  });

  it('Symbol.asyncDispose is stop() with start()’s timeout, resolving to nothing', async () => {
    const pages = producer<string>();
    const aborted: string[] = [];
    const stuck = (page: string, { signal }: { signal: AbortSignal }) =>
      new Promise<string>((_resolve, reject) => {
        signal.addEventListener('abort', () => {
          aborted.push(page);
          reject(signal.reason);
        });
      });
    const running = start(pipe(pages, consumerSupervisor(1, stuck)), { stopTimeoutMs: 0 });
    pages.push(['page1']);
    await settle();
    await expect(running[Symbol.asyncDispose]()).resolves.toBeUndefined();
    expect(aborted).toEqual(['page1']);
    expect(await running.stop()).toEqual({ drained: false, timedOut: true });
  });
});

describe('await using on a stage’s async iterator', () => {
  it('releases the subscription at scope end, so the source’s finally runs', async () => {
    const { state, gen } = tracked();
    const seen: number[] = [];
    {
      await using iterator = from(gen())[Symbol.asyncIterator]() as AsyncIterableIterator<number> & AsyncDisposable;
      seen.push((await iterator.next()).value as number);
      expect(state.finallyRan).toBe(false);
    }
    expect(seen).toEqual([0]);
    expect(state.finallyRan).toBe(true);
  });
});
