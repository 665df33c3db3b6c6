// genstage/redis from the BUILT package, as its README shows: redisStream → consumerSupervisor(50, acknowledge(…)),
// and the handle_batch shape: redisStream → batch({ size: 1000 }) → consumerSupervisor(2, acknowledgeBatch(…)).
// Both read ahead (`prefetch`), as the README advises for a backlog of quick messages.
import { createClient } from 'redis';
import type * as Operators from '../../operators/index.js';
import type * as Genstage from '../../src/index.js';
import type * as GenstageRedis from '../../src/redis/index.js';
import { distUrl } from '../paths.js';
import { fillStream, GROUP, type RedisContender } from './contender.js';

const { consumerSupervisor, pipe, start } = (await import(distUrl('index.js').href)) as typeof Genstage;
const { batch } = (await import(distUrl('operators.js').href)) as typeof Operators;
const { acknowledge, acknowledgeBatch, redisStream } = (await import(distUrl('redis.js').href)) as typeof GenstageRedis;

type Fields = GenstageRedis.Fields;

/**
 * Entries read ahead of demand (S7_PREFETCH=n in the environment tries another). Reads are then of the demand
 * plus 500, with the next one on its way while the pipeline handles the last (without it, 50 workers re-asking
 * as they free make reads of 25–50: 20–40× the loop's round trips, one at a time).
 */
export const PREFETCH = Number(process.env.S7_PREFETCH ?? 1000);
type Stage = Genstage.Stage<Genstage.Message<Fields>>;

function contender(id: string, how: string, handleWith: (stage: Stage, handle: (n: number) => void) => Genstage.Stage<unknown>): RedisContender {
  return {
    id,
    how,
    fill: fillStream,
    async run(url, key, count, handle) {
      const client = await createClient({ url }).connect();
      let acked = 0;
      let allAcked!: () => void;
      const finished = new Promise<void>((resolve) => (allAcked = resolve));
      const stage = redisStream({
        client, stream: key, group: GROUP, consumer: 'c', blockMs: 1000, prefetch: PREFETCH,
        // Done when Redis confirmed the last XACK.
        trace: (event) => {
          const { type, count: n } = event as unknown as { type: string; count: number };
          if (type === 'ack' && (acked += n) === count) allAcked();
        },
      });
      const running = start(handleWith(stage, handle));
      await finished;
      return async () => {
        await running.stop();
        await client.close();
      };
    },
  };
}

export const genstage = contender(
  'genstage',
  `\`redisStream({ client, stream, group, consumer, prefetch: ${PREFETCH} })\` → \`consumerSupervisor(50, acknowledge(handler))\`: reads of the workers' demand + ${Math.ceil(PREFETCH / 2)}, the next one sent before the last one's entries are handed out`,
  (stage, handle) => pipe(stage, consumerSupervisor(50, acknowledge((message) => handle(Number(message.data.n))))),
);

export const genstageBatches = contender(
  'genstage, batches',
  `\`redisStream({ …, prefetch: ${PREFETCH} })\` → \`batch({ size: 1000 })\` → \`consumerSupervisor(2, acknowledgeBatch(handler))\`: Broadway's handle_batch shape`,
  (stage, handle) =>
    pipe(
      stage,
      batch({ size: 1000 }),
      consumerSupervisor(2, acknowledgeBatch((messages) => {
        for (const message of messages) handle(Number(message.data.n));
      })),
    ),
);
