// At least once against a real server: a failed message comes back (XAUTOCLAIM after claimIdleMs) with its
// next attempt number; past maxDeliveries an entry goes to the dead-letter stream with its fields and last
// error, and is acknowledged.
import { expect, it } from 'vitest';
import { consumerSupervisor, openSubscription, pipe, start, type Message } from '../src/index.js';
import { acknowledge, redisStream, type Fields } from '../src/redis/index.js';
import { eventually } from './redis/wait.js';
import { addEntries, describeRedis, pendingCount, type Client } from './redis/server.js';



async function deadLetters(client: Client, stream: string): Promise<Fields[]> {
  const rows = (await client.sendCommand(['XRANGE', stream, '-', '+'])) as [string, string[]][];
  return rows.map(([, list]) => {
    const fields: Fields = {};
    for (let i = 0; i < list.length; i += 2) fields[list[i]!] = list[i + 1]!;
    return fields;
  });
}

const quiet = { onError: () => undefined };

describeRedis('redisStream redelivery and dead letters', ({ connect }) => {
  it('redelivers a failed message after claimIdleMs, with its next attempt, until it succeeds', async () => {
    const client = await connect();
    await addEntries(client, 'r1', 30);
    const attempts = new Map<string, number[]>();
    const stage = redisStream({ client, stream: 'r1', group: 'g', consumer: 'c1', blockMs: 20, claimIdleMs: 100 });
    const running = start(
      pipe(
        stage,
        consumerSupervisor(
          5,
          acknowledge((message: Message<Fields>) => {
            const n = message.data.n!;
            attempts.set(n, [...(attempts.get(n) ?? []), message.attempt]);
            if (Number(n) % 10 === 0 && message.attempt < 3) throw new Error(`flaky ${n}`);
          }, quiet),
        ),
      ),
    );
    await eventually(async () => {
      expect(attempts.size).toBe(30);
      expect(stage.stats().acked).toBe(30);
    });
    await running.stop();
    expect(await pendingCount(client, 'r1', 'g')).toBe(0);
    for (const [n, tries] of attempts) expect(tries).toEqual(Number(n) % 10 === 0 ? [1, 2, 3] : [1]);
    expect(stage.stats()).toMatchObject({ failed: 6, claimed: 6, acked: 30, deadLettered: 0, pending: 0 });
  });

  it('dead-letters a message whose last allowed delivery failed, with its fields and error, and acks it', async () => {
    const client = await connect();
    await client.sendCommand(['XADD', 'r2', '*', 'url', 'ok-1']);
    const poison = String(await client.sendCommand(['XADD', 'r2', '*', 'url', 'poison', 'depth', '2']));
    await client.sendCommand(['XADD', 'r2', '*', 'url', 'ok-2']);
    const stage = redisStream({
      client, stream: 'r2', group: 'g', consumer: 'c1', blockMs: 20, claimIdleMs: 50,
      maxDeliveries: 3, deadLetterStream: 'r2:dead',
    });
    const seen: number[] = [];
    const running = start(
      pipe(
        stage,
        consumerSupervisor(
          2,
          acknowledge((message: Message<Fields>) => {
            if (message.data.url !== 'poison') return;
            seen.push(message.attempt);
            throw new TypeError('cannot parse page');
          }, quiet),
        ),
      ),
    );
    await eventually(() => expect(stage.stats().deadLettered).toBe(1));
    await running.stop();
    expect(seen).toEqual([1, 2, 3]);
    expect(await deadLetters(client, 'r2:dead')).toEqual([
      {
        url: 'poison',
        depth: '2',
        'genstage.error': 'TypeError: cannot parse page',
        'genstage.id': poison,
        'genstage.stream': 'r2',
        'genstage.group': 'g',
        'genstage.consumer': 'c1',
        'genstage.deliveries': '3',
      },
    ]);
    expect(await pendingCount(client, 'r2', 'g')).toBe(0);
    expect(stage.stats()).toMatchObject({ acked: 2, failed: 3, deadLettered: 1 });
  });

  it('dead-letters an entry delivered maxDeliveries times without ever being settled (a crash loop)', async () => {
    const client = await connect();
    const id = String(await client.sendCommand(['XADD', 'r3', '*', 'url', 'crashes-the-worker']));
    // Two runs of the same consumer read it and die before settling it (each re-read counts as a delivery).
    for (let run = 0; run < 2; run++) {
      const subscription = openSubscription(redisStream({ client, stream: 'r3', group: 'g', consumer: 'c1', blockMs: 20 }));
      subscription.ask(1);
      const batch = await subscription.next();
      expect(batch?.map((m) => [m.id, m.attempt])).toEqual([[id, run + 1]]);
      await subscription.cancel();
    }
    const stage = redisStream({
      client, stream: 'r3', group: 'g', consumer: 'c1', blockMs: 20, maxDeliveries: 2, deadLetterStream: 'r3:dead',
    });
    const subscription = openSubscription(stage);
    subscription.ask(1);
    await eventually(() => expect(stage.stats().deadLettered).toBe(1));
    expect(await deadLetters(client, 'r3:dead')).toMatchObject([
      { url: 'crashes-the-worker', 'genstage.deliveries': '2', 'genstage.error': 'delivered 2 times without being acknowledged' },
    ]);
    expect(await pendingCount(client, 'r3', 'g')).toBe(0);
    expect(stage.stats().emitted).toBe(0);
    await subscription.cancel();
  });

  it('treats an entry that cannot be decoded as a failed message, not a failed pipeline', async () => {
    const client = await connect();
    await client.sendCommand(['XADD', 'r4', '*', 'json', '{"page": 1}']);
    await client.sendCommand(['XADD', 'r4', '*', 'json', '{broken']);
    await client.sendCommand(['XADD', 'r4', '*', 'json', '{"page": 3}']);
    const stage = redisStream<{ page: number }>({
      client, stream: 'r4', group: 'g', consumer: 'c1', blockMs: 20,
      decode: (fields) => JSON.parse(fields.json!) as { page: number },
      maxDeliveries: 1, deadLetterStream: 'r4:dead',
    });
    const pages: number[] = [];
    const running = start(pipe(stage, consumerSupervisor(2, acknowledge((m: Message<{ page: number }>) => void pages.push(m.data.page)))));
    await eventually(() => expect(stage.stats()).toMatchObject({ acked: 2, deadLettered: 1 }));
    await running.stop();
    expect(pages.sort()).toEqual([1, 3]);
    const [dead] = await deadLetters(client, 'r4:dead');
    expect(dead).toMatchObject({ json: '{broken', 'genstage.deliveries': '1' });
    expect(dead!['genstage.error']).toMatch(/^SyntaxError/);
  });
});
