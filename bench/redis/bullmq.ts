// BullMQ, a Redis job queue, on the same server: a Worker with concurrency 50, jobs removed once completed.
import { createNodeRedisClient, Queue, Worker } from 'bullmq';
import { createClient } from 'redis';
import type { RedisContender } from './contender.js';

// BullMQ 6 runs on node-redis through its adapter (its ioredis path needs ioredis, which is not installed here).
function connection(url: string) {
  return createNodeRedisClient(createClient({ url }));
}

export const bullmq: RedisContender = {
  id: 'BullMQ',
  packageName: 'bullmq',
  how: '`queue.addBulk` (not timed), then `new Worker(queue, processor, { concurrency: 50, removeOnComplete })`, done at the last `completed` event',
  async fill(url, key, count) {
    const queue = new Queue(key, { connection: connection(url) });
    for (let start = 0; start < count; start += 1000) {
      const jobs = [];
      for (let n = start; n < Math.min(count, start + 1000); n++) jobs.push({ name: 'n', data: { n } });
      await queue.addBulk(jobs);
    }
    await queue.close();
  },
  async run(url, key, count, handle) {
    let completed = 0;
    let allDone!: () => void;
    const finished = new Promise<void>((resolve) => (allDone = resolve));
    const worker = new Worker<{ n: number }>(key, async (job) => handle(job.data.n), {
      connection: connection(url),
      concurrency: 50,
      removeOnComplete: { count: 0 },
    });
    worker.on('completed', () => {
      if (++completed === count) allDone();
    });
    await finished;
    return () => worker.close();
  },
};
