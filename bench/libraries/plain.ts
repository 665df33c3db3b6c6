// The limit: plain loops over arrays, and for S2 a hand-written pool of `limit` lanes.
import type { Contender } from '../types.js';

// S3 deals the events to the consumers in runs of this many, as a batch would.
const RUN = 1000;

/** `limit` lanes, each taking the next item as soon as its previous one finished. */
export async function pool(items: readonly number[], work: (item: number) => Promise<number>, limit: number): Promise<number> {
  let next = 0;
  let sum = 0;
  async function lane(): Promise<void> {
    while (next < items.length) {
      // Not `sum += await …`: that reads `sum` before the await and loses the other lanes' additions.
      const result = await work(items[next++]!);
      sum += result;
    }
  }
  await Promise.all(Array.from({ length: limit }, lane));
  return sum;
}

export const contenders: Contender[] = [
  {
    id: 'plain loop',
    kind: 'limit',
    how: 'for loops with the steps inlined; S2 is a hand-written pool of 50 lanes; S3 deals runs of 1,000 events round-robin; S6 hashes every event on the main thread',
    async S1(data) {
      let sum = 0;
      for (let i = 0; i < data.length; i++) {
        const doubled = data[i]! * 2;
        if (doubled % 3 !== 0) sum += doubled + 1;
      }
      return sum;
    },
    S2: pool,
    async S3(data, shares) {
      for (let start = 0, k = 0; start < data.length; start += RUN, k = (k + 1) % shares.consumers) {
        shares.takeRange(k, data, start, Math.min(start + RUN, data.length));
      }
    },
    async S4(source, sink) {
      for (const x of source()) sink.take(x * 2 + 1);
    },
    async S5(sources, tally) {
      for (const source of sources) tally.takeBatch(source);
    },
    async S6(events, work) {
      let sum = 0;
      for (let i = 0; i < events.length; i++) sum += work.hash(events[i]!);
      return sum;
    },
  },
];
