// A server that goes away fails the pipeline with a clear error (nothing is retried behind its back, no
// rejection is left unhandled), whether the stage was blocked in a read or its handlers were running.
import { expect, it } from 'vitest';
import { consumerSupervisor, pipe, start, type Message } from '../src/index.js';
import { acknowledge, redisStream, type Fields } from '../src/redis/index.js';
import { addEntries, describeRedis, newClient, startRedisServer } from './redis/server.js';
import { sleep } from './redis/wait.js';


describeRedis('redisStream when the server goes away', () => {
  it('fails a pipeline blocked in a read with a clear error', async () => {
    const server = await startRedisServer();
    const client = newClient(server.url);
    await client.connect();
    const stage = redisStream({ client, stream: 'l1', group: 'g', consumer: 'c1', blockMs: 60_000 });
    const running = start(pipe(stage, consumerSupervisor(4, acknowledge(() => undefined))));
    // Watched from the start: a failure that finds no handler on done is reported as an unhandled rejection.
    const failure = running.done.then(() => undefined, (reason: unknown) => reason);
    while (stage.stats().subscribers === 0) await sleep(5);
    await sleep(50); // the read is blocked on the empty stream
    await server.kill();
    await expect(failure.then((error) => Promise.reject(error))).rejects.toThrow(/^redisStream l1\/g\/c1 lost its connection to Redis \(.+\); unacknowledged entries stay pending for redelivery$/);
    await running.stop();
  });

  it('fails a pipeline whose handlers are running, and the late acks of those handlers go nowhere', async () => {
    const server = await startRedisServer();
    const client = newClient(server.url);
    await client.connect();
    await addEntries(client, 'l2', 100);
    let started = 0;
    let finished = 0;
    const stage = redisStream({ client, stream: 'l2', group: 'g', consumer: 'c1', blockMs: 50 });
    const running = start(
      pipe(
        stage,
        consumerSupervisor(
          10,
          acknowledge(async (_message: Message<Fields>) => {
            started++;
            await sleep(100); // not told to stop: it finishes after the server died, then acks
            finished++;
          }),
        ),
      ),
    );
    const failure = running.done.then(() => undefined, (reason: unknown) => reason);
    while (started < 10) await sleep(5);
    await server.kill();
    const error = await failure;
    expect(String(error)).toMatch(/lost its connection to Redis/);
    while (finished < 10) await sleep(10);
    await sleep(20);
    expect(stage.stats().acked).toBe(0);
    expect(client.isOpen).toBe(false);
  });
});
