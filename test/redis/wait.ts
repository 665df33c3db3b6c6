// What the Redis tests wait with: replies arrive on the server's schedule, so checks are retried a while.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Message, Subscription } from '../../src/index.js';

/** Retries `check` every 10 ms until it passes, or fails with its last error after `tries` attempts. */
export async function eventually(check: () => Promise<void> | void, tries = 400): Promise<void> {
  let last: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      await check();
      return;
    } catch (error) {
      last = error;
      await sleep(10);
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
