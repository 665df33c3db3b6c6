// GenStage's min/max demand arithmetic: the batches a handler sees and every ask a producer sees
// (reference/genstage-semantics.md §2.2, worked examples A–F, checklist 1–4).
import { describe, expect, it } from 'vitest';
import { consume, openSubscription, pipe, producerConsumer } from '../src/index.js';
import { DemandCounter, resolveDemand } from '../src/protocol/demand.js';
import { counter, range } from './helpers.js';

async function firstBatches(
  options: { maxDemand?: number; minDemand?: number },
  count: number,
  messageSize?: number,
): Promise<{ batches: number[][]; demands: number[] }> {
  const { stage, demands } = counter({ messageSize });
  const batches: number[][] = [];
  const controller = new AbortController();
  const enough = new Error('enough batches');
  const done = consume(
    stage,
    (events) => {
      batches.push(events);
      if (batches.length === count) controller.abort(enough);
    },
    { ...options, signal: controller.signal },
  );
  await expect(done).rejects.toBe(enough);
  return { batches, demands };
}

describe('consumer demand (automatic mode)', () => {
  it('A: defaults max 1000 / min 500 give batches of 500 and asks of 500', async () => {
    const { batches, demands } = await firstBatches({}, 4);
    expect(batches.map((b) => [b[0], b.at(-1)])).toEqual([
      [0, 499],
      [500, 999],
      [1000, 1499],
      [1500, 1999],
    ]);
    expect(demands.slice(0, 3)).toEqual([1000, 500, 500]);
  });

  it('B: max 1000 / min 750 with messages of 100 re-asks 300 after every third message', async () => {
    const { batches, demands } = await firstBatches({ maxDemand: 1000, minDemand: 750 }, 13, 100);
    expect(batches.every((b) => b.length === 100)).toBe(true);
    expect(demands.slice(0, 4)).toEqual([1000, 300, 300, 300]);
  });

  it('C: max 100 / min 20 gives 0..79, 80..99, 100..179, 180..259, 260..279', async () => {
    const { batches, demands } = await firstBatches({ maxDemand: 100, minDemand: 20 }, 5);
    expect(batches.map((b) => [b[0], b.at(-1)])).toEqual([
      [0, 79],
      [80, 99],
      [100, 179],
      [180, 259],
      [260, 279],
    ]);
    expect(demands.slice(0, 3)).toEqual([100, 80, 100]);
  });

  it('D: max 100 / min 80 gives batches of 20, each followed by an ask of 20', async () => {
    const { batches, demands } = await firstBatches({ maxDemand: 100, minDemand: 80 }, 60);
    expect(batches.every((b) => b.length === 20)).toBe(true);
    expect(batches[50]![0]).toBe(1000);
    expect(demands[0]).toBe(100);
    expect(new Set(demands.slice(1))).toEqual(new Set([20]));
  });

  it('E: max 7 / min 3 splits a message of 7 into 4 (ask 4) and 3 (no ask)', () => {
    const demand = new DemandCounter(7, 3);
    expect(demand.chunk).toBe(4);
    expect(demand.handled(4)).toBe(4);
    expect(demand.handled(3)).toBe(0);
    expect(demand.outstanding).toBe(4);
  });

  it('F: max 1 / min 0 gives one event per batch, each followed by an ask of 1', async () => {
    const { batches, demands } = await firstBatches({ maxDemand: 1, minDemand: 0 }, 3);
    expect(batches).toEqual([[0], [1], [2]]);
    expect(demands.slice(0, 3)).toEqual([1, 1, 1]);
  });

  it('re-asks only after the handler finished', async () => {
    const { stage, demands } = counter();
    const seen: number[][] = [];
    const controller = new AbortController();
    const done = consume(
      stage,
      async (events) => {
        seen.push([...demands]);
        await Promise.resolve();
        if (seen.length === 2) controller.abort();
      },
      { maxDemand: 10, minDemand: 5, signal: controller.signal },
    );
    await expect(done).rejects.toBeDefined();
    expect(seen).toEqual([[10], [10, 5]]);
  });

  it('defaults: minDemand is floor(maxDemand / 2)', () => {
    expect(resolveDemand({})).toEqual({ maxDemand: 1000, minDemand: 500 });
    expect(resolveDemand({ maxDemand: 7 })).toEqual({ maxDemand: 7, minDemand: 3 });
    expect(resolveDemand({ maxDemand: 1 })).toEqual({ maxDemand: 1, minDemand: 0 });
  });
});

describe('producerConsumer demand (§2.4, checklist 8–13)', () => {
  it('chunks by its own max - min and its consumer by its own', async () => {
    const { stage, demands } = counter({ limit: 200 });
    const pcBatches: number[][] = [];
    const doubled = pipe(
      stage,
      producerConsumer(
        (events: number[]) => {
          pcBatches.push(events);
          return events.map((x) => x * 2);
        },
        { maxDemand: 100, minDemand: 80 },
      ),
    );
    const consumed: number[][] = [];
    await consume(doubled, (events) => void consumed.push(events), { maxDemand: 100, minDemand: 50 });
    expect(pcBatches.every((b) => b.length === 20)).toBe(true);
    expect(pcBatches[0]).toEqual(range(0, 19));
    expect(consumed.flat()).toEqual(range(0, 199).map((x) => x * 2));
    expect(consumed.every((b) => b.length <= 50)).toBe(true);
    expect(demands[0]).toBe(100);
  });

  it('stops handling and re-asking when its consumer stops asking', async () => {
    const { stage, demands } = counter({ messageSize: 2 });
    const handled: number[][] = [];
    const stalled = pipe(
      stage,
      producerConsumer((events: number[]) => void handled.push(events), { maxDemand: 2, minDemand: 0 }),
    );
    const subscription = openSubscription(stalled);
    await new Promise((r) => setTimeout(r, 5));
    // No downstream demand: the PC handles nothing and keeps only its own maxDemand asked upstream.
    expect(handled).toEqual([]);
    expect(demands).toEqual([2]);
    subscription.cancel();
  });

  it('keeps consuming and re-asking when handleEvents returns nothing', async () => {
    const { stage } = counter({ limit: 300 });
    let handled = 0;
    const silent = pipe(
      stage,
      producerConsumer((events: number[]) => {
        handled += events.length;
      }, { maxDemand: 100, minDemand: 80 }),
    );
    await consume(silent, () => undefined);
    expect(handled).toBe(300);
  });
});
