// Three consumers of one group share a stream: with nothing failing, each of 100,000 entries is handled by
// exactly one of them, exactly once, and the group ends with nothing pending.
import { expect, it } from 'vitest';
import { consume, merge } from '../src/index.js';
import { redisStream } from '../src/redis/index.js';
import { addEntries, describeRedis, groupInfo, pendingCount } from './redis/server.js';
import { consumeShared } from './redis/wait.js';

const COUNT = 100_000;

describeRedis('redisStream consumers sharing a group', ({ connect }) => {
  it('three consumers share 100,000 entries exactly once', async () => {
    const client = await connect();
    await addEntries(client, 'shared', COUNT);
    const stages = [0, 1, 2].map((i) =>
      redisStream({ client, stream: 'shared', group: 'g', consumer: `c${i}`, blockMs: 50 }),
    );
    // Each consumer handles its own batches; the stream never ends, so each stops once the group is drained.
    const { seen, perConsumer } = await consumeShared(stages, COUNT, 500);
    expect(seen.every((times) => times === 1)).toBe(true);
    // All three took part (the split is the server's: whoever asks first gets the next entries).
    expect(perConsumer.every((n) => n > 0)).toBe(true);
    expect(perConsumer.reduce((a, b) => a + b)).toBe(COUNT);
    while (stages.some((stage) => stage.stats().pending > 0)) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await pendingCount(client, 'shared', 'g')).toBe(0);
    expect(Number((await groupInfo(client, 'shared', 'g'))['entries-read'])).toBe(COUNT);
    expect(stages.map((stage) => stage.stats().acked).reduce((a, b) => a + b)).toBe(COUNT);
  }, 30_000);

  it('merge() of two consumers of one group gets every entry once', async () => {
    const client = await connect();
    await addEntries(client, 'merged', 1000);
    const both = merge(
      redisStream({ client, stream: 'merged', group: 'g', consumer: 'a', blockMs: 20 }),
      redisStream({ client, stream: 'merged', group: 'g', consumer: 'b', blockMs: 20 }),
    );
    const ids = new Set<string>();
    const stop = new AbortController();
    await consume(
      both,
      (messages) => {
        for (const message of messages) {
          ids.add(message.id);
          message.ack();
        }
        if (ids.size === 1000) stop.abort();
      },
      { maxDemand: 100, signal: stop.signal },
    ).catch((error: unknown) => {
      if (error !== stop.signal.reason) throw error;
    });
    expect(ids.size).toBe(1000);
  });
});
