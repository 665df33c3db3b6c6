// fromObservable's overflow: the lossless bufferKeep 'error' mode, and the buffer invariants under random bursts.
import fc from 'fast-check';
import { Observable, range, Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { consume, toArray } from '../src/index.js';
import { BufferOverflowError, fromObservable } from '../src/rxjs/index.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A Subject that records how often its subscriber left. */
function watched<T>() {
  const subject = new Subject<T>();
  const events = { unsubscribed: 0 };
  const observable = new Observable<T>((subscriber) => {
    const subscription = subject.subscribe(subscriber);
    return () => {
      events.unsubscribed++;
      subscription.unsubscribe();
    };
  });
  return { subject, observable, events };
}

describe("fromObservable: bufferKeep 'error' (lossless)", () => {
  it('delivers every value that fit, in order, then fails with a BufferOverflowError and unsubscribes', async () => {
    const { subject, observable, events } = watched<number>();
    const stage = fromObservable(observable, { bufferSize: 3, bufferKeep: 'error', name: 'Orders' });
    const seen: number[] = [];
    const done = consume(stage, (batch) => void seen.push(...batch), { maxDemand: 2, minDemand: 0 });
    await tick();
    for (let i = 0; i < 10; i++) subject.next(i);
    const error = await done.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BufferOverflowError);
    expect((error as Error).message).toBe(
      "genstage Orders overflowed its buffer of 3 events (bufferKeep: 'error'): the observable pushed more than its subscribers asked for and the buffer could hold",
    );
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(events.unsubscribed).toBe(1);
  });

  it('stops a synchronous source in the middle of its burst', async () => {
    let pushed = 0;
    const endless = new Observable<number>((subscriber) => {
      for (let i = 0; !subscriber.closed; i++) {
        pushed++;
        subscriber.next(i);
      }
    });
    const stage = fromObservable(endless, { bufferSize: 10, bufferKeep: 'error' });
    await expect(toArray(stage.subscribe({ maxDemand: 5 }))).rejects.toBeInstanceOf(BufferOverflowError);
    expect(pushed).toBe(16);
  });

  it('never fails while the buffer can hold the burst', async () => {
    const stage = fromObservable(range(0, 10_000), { bufferSize: 10_000, bufferKeep: 'error' });
    expect(await toArray(stage.subscribe({ maxDemand: 7 }))).toHaveLength(10_000);
  });
});

describe('fromObservable: invariants', () => {
  it('delivered + discarded = pushed, the buffer never exceeds bufferSize, values keep their order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom('first' as const, 'last' as const),
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 8 }),
        async (bufferSize, maxDemand, bufferKeep, bursts) => {
          const subject = new Subject<number>();
          let discarded = 0;
          const stage = fromObservable(subject, { bufferSize, bufferKeep, onDiscard: (n) => (discarded += n) });
          const seen: number[] = [];
          const done = consume(stage, (batch) => void seen.push(...batch), { maxDemand });
          await tick();
          let next = 0;
          for (const burst of bursts) {
            for (let i = 0; i < burst; i++) {
              subject.next(next++);
              expect(stage.stats().buffered).toBeLessThanOrEqual(bufferSize);
            }
            await tick();
          }
          subject.complete();
          await done;
          expect(seen.length + discarded).toBe(next);
          expect([...seen].sort((a, b) => a - b)).toEqual(seen);
        },
      ),
      { numRuns: 60 },
    );
  });
});
