// GenStage's arithmetic (DESIGN §4b.8) and the order of what stages report: batches and demands are the ones
// real GenStage produces, and a trace never shows an effect before its cause.
import { describe, expect, it } from 'vitest';
import { consume, from, pipe, producer, producerConsumer, run, start, type TraceEvent } from '../../src/index.js';
import { cleanUp, dup, range, within } from './helpers.js';

describe('a producerConsumer between a producer and a consumer, as GenStage (semantics §8.2 item 8)', () => {
  // GenStage's test: Counter producer -> Doubler (every event twice) subscribed with max 100 / min 80 ->
  // consumer with max 100 / min 50. Derivation, with §2.2 (a consumer's chunks are at most max - min; after
  // each chunk D -= chunk, and if D <= min it asks max - D) and §2.4 (the producerConsumer's downstream demand
  // K: an ask first serves its output buffer, then processes queued upstream messages, ALL chunks of one
  // message, while K > 0; output beyond K waits in its buffer; it re-asks upstream after each chunk):
  //  1. The consumer asks 100 (K = 100); the PC asks 100 and gets 0..99 as one message, in chunks of 20: each
  //     chunk -> 40 events, re-ask 20 upstream (five asks of 20: 100..199 come as five messages).
  //     [0..19] -> 40 sent (K 60); [20..39] -> 40 sent (K 20); [40..59] -> 20 sent, 20 buffered (K 0);
  //     [60..99] -> 80 buffered. The consumer: 40 (D 60), 40 (D 20: ask 80), 20 (D 80).
  //  2. Ask 80: the buffer serves 80 in one message (50..89 doubled). The consumer cuts it into 50 (D 30: ask
  //     70) and 30 (D 70).
  //  3. Ask 70: the buffer serves 90..99 (20, K 50); then message 100..119 -> 40 sent (K 10); message
  //     120..139 -> 10 sent (120..124), 30 buffered (125..139). The consumer: 20 (D 50: ask 50), 40 (D 60),
  //     10 (D 50: ask 50). So 120..124 and 125..139 are separate batches, as GenStage's test asserts.
  //  4. Ask 50: buffer 125..139 (K 20), message 140..159 -> 140..149 sent, 150..159 buffered. Ask 50: buffer
  //     150..159 (K 30), message 160..179 -> 160..174 sent, 175..179 buffered. The consumer: 30 (D 70),
  //     20 (D 50: ask 50), 20 (D 80), 30 (D 50: ask 50).
  //  5. Ask 50: buffer 175..179 (K 40), message 180..199 sent. Ask 50: message 200..219 sent (K 10), message
  //     220..239 -> 220..224 sent, 225..239 buffered: the state of step 3 again, 100 events later.
  // Each of the PC's answers happens in one step, before its consumer can ask again.
  const expectedConsumerBatches = [
    [0, 19], [20, 39], [40, 49], [50, 74], [75, 89], [90, 99], [100, 119], [120, 124],
    [125, 139], [140, 149], [150, 159], [160, 174], [175, 179], [180, 199], [200, 219], [220, 224],
  ].map(([first, last]) => dup(range(first!, last!)));

  it('delivers doubled 120..124 and 125..139 as separate batches, and every batch as GenStage does', async () => {
    const limit = 400;
    const demands: number[] = [];
    let next = 0;
    const counter = producer<number>({
      name: 'Counter',
      handleDemand(n) {
        demands.push(n);
        const events = range(next, Math.min(next + n, limit) - 1);
        next += events.length;
        counter.push(events);
        if (next === limit) counter.end();
      },
    });
    const pcBatches: number[][] = [];
    const doubler = producerConsumer(
      (events: number[]) => {
        pcBatches.push(events);
        return dup(events);
      },
      { name: 'Doubler', maxDemand: 100, minDemand: 80 },
    );
    const batches: number[][] = [];
    try {
      const consuming = consume(pipe(counter, doubler), (events) => void batches.push(events), {
        maxDemand: 100,
        minDemand: 50,
      });
      await within(consuming, undefined, () => `the consumer (got ${batches.length} batches)`);
      expect(pcBatches.slice(0, 10)).toEqual(range(0, 9).map((k) => range(20 * k, 20 * k + 19)));
      expect(demands.slice(0, 10)).toEqual([100, 20, 20, 20, 20, 20, 20, 20, 20, 20]);
      // First as ranges (a readable failure), then event by event.
      const ranges = (list: number[][]) => list.map((batch) => `${batch[0]}..${batch.at(-1)}`).join(' ');
      expect(ranges(batches.slice(0, expectedConsumerBatches.length))).toBe(ranges(expectedConsumerBatches));
      expect(batches.slice(0, expectedConsumerBatches.length)).toEqual(expectedConsumerBatches);
      expect(batches.flat()).toEqual(dup(range(0, limit - 1)));
    } finally {
      await cleanUp(() => counter.end());
    }
  });
});

/** Checks one stage's trace: every `events` is covered by the demand traced before it; `done` comes last. */
function expectCausalOrder(trace: TraceEvent[], stage: string): void {
  const own = trace.filter((event) => event.stage === stage);
  let asked = 0;
  let delivered = 0;
  own.forEach((event, i) => {
    const where = `${stage} trace #${i}: ${JSON.stringify(own.map((e) => e.type))}`;
    if (event.type === 'demand') asked += event.n;
    if (event.type === 'events') {
      delivered += event.count;
      expect(delivered, `${where}: events beyond the demand traced so far`).toBeLessThanOrEqual(asked);
    }
    if (event.type === 'done') expect(i, `${where}: done is not the last`).toBe(own.length - 1);
  });
  expect(own.at(-1)?.type).toBe('done');
}

describe('traces report causes before their effects', () => {
  it('a from() stage traces the demand before the events and the done it caused (start with trace)', async () => {
    const trace: TraceEvent[] = [];
    const running = start(from([1, 2, 3], { name: 'numbers' }), { trace: (event) => void trace.push(event) });
    await within(running.done, undefined, 'the traced pipeline');
    expectCausalOrder(trace, 'numbers');
  });

  it("a from() stage under a producerConsumer of maxDemand 2 (the stage's trace option)", async () => {
    const trace: TraceEvent[] = [];
    const numbers = from([1, 2, 3, 4, 5], { name: 'numbers', trace: (event) => void trace.push(event) });
    await within(run(pipe(numbers, producerConsumer((xs: number[]) => xs, { maxDemand: 2, minDemand: 0 }))));
    expectCausalOrder(trace, 'numbers');
  });
});
