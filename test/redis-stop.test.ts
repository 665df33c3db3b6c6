// Stopping a Redis pipeline: graceful stop() reads no more, lets in-flight messages finish and be acknowledged
// before it resolves, and closes only the stage's own connection; stop({ drain: false }) leaves unfinished
// messages pending for another consumer.
import { expect, it } from 'vitest';
import { consumerSupervisor, pipe, start, type Message } from '../src/index.js';
import { acknowledge, redisStream, type Fields } from '../src/redis/index.js';
import { addEntries, describeRedis, pendingCount } from './redis/server.js';
import { sleep } from './redis/wait.js';

async function clientCount(client: { sendCommand(args: string[]): Promise<unknown> }): Promise<number> {
  const list = String(await client.sendCommand(['CLIENT', 'LIST']));
  return list.split('\n').filter((line) => line.trim() !== '').length;
}

describeRedis('redisStream stop', ({ connect }) => {
  it('stop() lets in-flight messages finish and be acknowledged, then closes only its own connection', async () => {
    const client = await connect();
    await addEntries(client, 's1', 200);
    const clientsBefore = await clientCount(client);
    let started = 0;
    const handled: string[] = [];
    const stage = redisStream({ client, stream: 's1', group: 'g', consumer: 'c1', blockMs: 50 });
    const running = start(
      pipe(
        stage,
        consumerSupervisor(
          10,
          acknowledge(async (message: Message<Fields>) => {
            started++;
            await sleep(20);
            handled.push(message.data.n!);
          }),
        ),
      ),
    );
    while (started < 15) await sleep(5);
    await running.stop();
    // Everything read was handled and its XACK confirmed by the time stop() resolved.
    const read = stage.stats().received;
    expect(handled.length).toBe(read);
    expect(read).toBeLessThan(200);
    expect(await pendingCount(client, 's1', 'g')).toBe(0);
    expect(stage.stats()).toMatchObject({ acked: read, pending: 0, inFlight: 0 });
    expect(client.isOpen).toBe(true);
    while ((await clientCount(client)) > clientsBefore) await sleep(5);
  });

  it('stop() ends a read blocked on an empty stream at once, however long blockMs is', async () => {
    const client = await connect();
    await addEntries(client, 's2', 3);
    const clientsBefore = await clientCount(client);
    const stage = redisStream({ client, stream: 's2', group: 'g', consumer: 'c1', blockMs: 600_000 });
    const handled: string[] = [];
    const running = start(pipe(stage, consumerSupervisor(4, acknowledge((m: Message<Fields>) => void handled.push(m.data.n!)))));
    while (stage.stats().acked < 3) await sleep(5);
    await running.stop(); // the test's timeout is the bound: the blocked XREADGROUP was ended by CLIENT UNBLOCK
    expect(handled).toEqual(['0', '1', '2']);
    // Closed on our side; the server notices a moment later.
    while ((await clientCount(client)) > clientsBefore) await sleep(5);
  });

  it('stop({ drain: false }) cancels the workers and leaves their messages pending for another consumer', async () => {
    const client = await connect();
    await addEntries(client, 's3', 50);
    let started = 0;
    const stage = redisStream({ client, stream: 's3', group: 'g', consumer: 'c1', blockMs: 50 });
    const running = start(
      pipe(
        stage,
        consumerSupervisor(
          5,
          acknowledge(async (_message: Message<Fields>, { signal }) => {
            started++;
            await sleep(60_000, signal);
          }),
        ),
      ),
    );
    while (started < 5) await sleep(5);
    await running.stop({ drain: false });
    // Cancelled, not failed: nothing acknowledged, nothing counted as a failure (nor ever dead-lettered for it).
    expect(stage.stats()).toMatchObject({ acked: 0, failed: 0 });
    expect(await pendingCount(client, 's3', 'g', 'c1')).toBe(5);
    // Another consumer takes them over once they are idle long enough.
    const other = redisStream({ client, stream: 's3', group: 'g', consumer: 'c2', blockMs: 20, claimIdleMs: 1 });
    const ids: string[] = [];
    const second = start(pipe(other, consumerSupervisor(50, acknowledge((m: Message<Fields>) => void ids.push(m.data.n!)))));
    while (other.stats().acked < 50) await sleep(5);
    await second.stop();
    expect(ids.sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
    expect(other.stats().claimed).toBe(5);
    expect(await pendingCount(client, 's3', 'g')).toBe(0);
  });
});
