// What the Redis tests wait with: replies arrive on the server's schedule, so checks are retried a while.
import { setTimeout as delay } from 'node:timers/promises';
import { consume, type Message, type Stage, type Subscription } from '../../src/index.js';
import type { Fields } from '../../src/redis/index.js';

/** Retries `check` every 10 ms until it passes, or fails with its last error after `tries` attempts. */
export async function eventually(check: () => Promise<void> | void, tries = 400): Promise<void> {
  let last: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      await check();
      return;
    } catch (error) {
      last = error;
      await delay(10);
    }
  }
  throw last;
}

/** Reads `n` messages from a manual subscription (fewer if it ends first). */
export async function take<T>(subscription: Subscription<Message<T>>, n: number): Promise<Message<T>[]> {
  const out: Message<T>[] = [];
  while (out.length < n) {
    const batch = await subscription.next();
    if (batch === null) break;
    out.push(...batch);
  }
  return out;
}

/** Waits `ms`, or rejects with the signal's reason once it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

/**
 * Consumes every stage (consumers of one group), acknowledging each message, until `count` were handled in all:
 * the stream never ends, so each consumer stops once the group is drained. `seen[n]` counts the entry numbered n.
 */
export async function consumeShared(
  stages: readonly Stage<Message<Fields>>[],
  count: number,
  maxDemand: number,
): Promise<{ seen: Uint8Array; perConsumer: number[] }> {
  const seen = new Uint8Array(count);
  const perConsumer = stages.map(() => 0);
  const done = new AbortController();
  let handled = 0;
  const runs = stages.map((stage, i) =>
    consume(
      stage,
      (messages) => {
        for (const message of messages) {
          seen[Number(message.data.n)]! += 1;
          message.ack();
        }
        perConsumer[i]! += messages.length;
        handled += messages.length;
        if (handled === count) done.abort();
      },
      { maxDemand, signal: done.signal },
    ).catch((error: unknown) => {
      if (error !== done.signal.reason) throw error;
    }),
  );
  await Promise.all(runs);
  return { seen, perConsumer };
}
