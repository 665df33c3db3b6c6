// genstage/redis: Redis Streams consumer groups as a durable, shared source, with acknowledgements.
// `redis` (node-redis, v5 or v6) is an optional peer dependency: only this entry point uses it, through
// the client the user passes in. Node-only.
import type { Message } from '../index.js';
import { checkRedisStreamOptions, type RedisStreamOptions } from './options.js';
import type { RedisStream } from './stats.js';
import { RedisStreamStage } from './stream-stage.js';

export { acknowledge, acknowledgeBatch, type AcknowledgeOptions, type Handled, type HandledBatch } from './acknowledge.js';
export type { RedisStreamClient } from './client.js';
export type { Fields, RedisStreamOptions } from './options.js';
export type { RedisStream, RedisStreamStats } from './stats.js';
export type { RedisTraceEvent } from './trace.js';
export type { Message };

/**
 * A Redis stream read through a consumer group, as a stage of messages (`id`, `data`, `attempt`, `ack()`,
 * `fail()`). Each ask of `n` is one `XREADGROUP … COUNT n BLOCK blockMs` on the stage's own connection (a
 * duplicate of `client`, closed by the stage; `client` itself is never closed); with `prefetch: p`, reads also
 * keep up to `p` entries ahead of demand, for fewer and larger reads. On start the consumer
 * re-reads its own pending entries, then new ones; entries idle `claimIdleMs` on any consumer are taken over
 * (`XAUTOCLAIM`). An entry is acknowledged only by `ack()` (grouped into one XACK per turn); `fail()` leaves
 * it pending, and on its `maxDeliveries`-th delivery it goes to `deadLetterStream` with its last error.
 * `start(…).stop()` stops reading and lets in-flight messages finish and be acknowledged.
 *
 * @example
 * import { createClient } from 'redis';
 * import { consumerSupervisor, pipe, start } from 'genstage';
 * import { acknowledge, redisStream } from 'genstage/redis';
 *
 * const client = await createClient({ url: 'redis://localhost:6379' }).connect();
 * const running = start(pipe(
 *   redisStream<{ url: string }>({ client, stream: 'pages', group: 'scrapers', consumer: 'worker-1' }),
 *   consumerSupervisor(50, acknowledge(async (message) => scrape(message.data.url))),
 * ));
 * process.once('SIGTERM', () => void running.stop().then(() => client.close()));
 */
export function redisStream<T = Record<string, string>>(options: RedisStreamOptions<T>): RedisStream<T> {
  return new RedisStreamStage<T>(checkRedisStreamOptions(options));
}
