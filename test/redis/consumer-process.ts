// One consumer process of the crash test: reads a stream through its group, records each entry it handled
// (RPUSH to a list, before acknowledging), and stops gracefully on SIGTERM. Its parent kills some with SIGKILL.
// Usage: tsx test/redis/consumer-process.ts <url> <stream> <group> <consumer> <claimIdleMs>
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import { consumerSupervisor, pipe, start, type Message } from '../../src/index.js';
import { acknowledge, redisStream, type Fields } from '../../src/redis/index.js';

const [url, stream, group, consumer, claimIdleMs] = process.argv.slice(2);
const client = createClient({ url: url! });
client.on('error', (error) => console.error(`${consumer}: ${String(error)}`));
await client.connect();

const running = start(
  pipe(
    redisStream({ client, stream: stream!, group: group!, consumer: consumer!, blockMs: 100, claimIdleMs: Number(claimIdleMs) }),
    consumerSupervisor(
      10,
      acknowledge(async (message: Message<Fields>) => {
        await sleep(10); // the work
        await client.sendCommand(['RPUSH', `${stream}:handled`, message.data.n!]);
      }),
    ),
  ),
);
running.done.catch((error: unknown) => {
  console.error(`${consumer}: ${String(error)}`);
  process.exit(1);
});
process.once('SIGTERM', () => {
  void running.stop().then(async () => {
    await client.close();
    process.exit(0);
  });
});
console.log('ready');
