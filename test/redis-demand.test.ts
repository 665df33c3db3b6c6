// redisStream's demand is the broker's count: an ask of n is one XREADGROUP COUNT n, nothing is read ahead,
// acks are grouped, and a restarted consumer re-reads its own pending entries first. Against a real server.
import { expect, it } from 'vitest';
import { openSubscription, toMermaid, type Message, type Subscription } from '../src/index.js';
import { redisStream, type RedisTraceEvent } from '../src/redis/index.js';
import { eventually, sleep, take } from './redis/wait.js';
import { addEntries, describeRedis, groupInfo, pendingCount } from './redis/server.js';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));



describeRedis('redisStream demand', ({ connect }) => {
  it('an ask of n reads at most n entries, and nothing more until the next ask', async () => {
    const client = await connect();
    await addEntries(client, 'd1', 50);
    const clientsBefore = await clientCount(client);
    const stage = redisStream({ client, stream: 'd1', group: 'g', consumer: 'c1', blockMs: 20 });
    const subscription = openSubscription(stage);
    subscription.ask(3);
    const first = await take(subscription, 3);
    expect(first.map((m) => m.data.n)).toEqual(['0', '1', '2']);
    expect(first.map((m) => m.attempt)).toEqual([1, 1, 1]);
    // Several block periods later, the stage still holds exactly what was asked.
    await sleep(100);
    expect(await pendingCount(client, 'd1', 'g', 'c1')).toBe(3);
    const info = await groupInfo(client, 'd1', 'g');
    expect(Number(info['entries-read'])).toBe(3);
    expect(Number(info.lag)).toBe(47);

    first[0]!.ack();
    first[1]!.ack();
    await eventually(async () => expect(await pendingCount(client, 'd1', 'g', 'c1')).toBe(1));
    subscription.ask(3);
    const second = await take(subscription, 3);
    expect(second.map((m) => m.data.n)).toEqual(['3', '4', '5']);
    await sleep(60);
    expect(await pendingCount(client, 'd1', 'g', 'c1')).toBe(4);
    expect(stage.stats()).toMatchObject({ stream: 'd1', group: 'g', consumer: 'c1', received: 6, acked: 2, pending: 4 });
    await subscription.cancel();
    // The stage closed its own connection; the user's client is untouched.
    expect(client.isOpen).toBe(true);
    await eventually(async () => expect(await clientCount(client)).toBe(clientsBefore));
  });

  it('groups the acks of one turn into one XACK', async () => {
    const client = await connect();
    await addEntries(client, 'd2', 20);
    const events: RedisTraceEvent[] = [];
    const stage = redisStream({
      client, stream: 'd2', group: 'g', consumer: 'c1', blockMs: 20,
      trace: (event) => events.push(event as RedisTraceEvent),
    });
    const subscription = openSubscription(stage);
    subscription.ask(20);
    const messages = await take(subscription, 20);
    for (const message of messages) message.ack();
    messages[0]!.ack(); // settled already: no second acknowledgement
    await eventually(() => expect(stage.stats().acked).toBe(20));
    expect(events.filter((e) => e.type === 'ack')).toEqual([{ type: 'ack', count: 20, stage: 'd2/g/c1', kind: 'redisStream' }]);
    expect(await pendingCount(client, 'd2', 'g')).toBe(0);
    await subscription.cancel();
  });

  it('re-reads its own pending entries on start, with their delivery count, before new ones', async () => {
    const client = await connect();
    await addEntries(client, 'd3', 10);
    const before = openSubscription(redisStream({ client, stream: 'd3', group: 'g', consumer: 'c1', blockMs: 20 }));
    before.ask(4);
    const read = await take(before, 4);
    read[0]!.ack();
    await turn();
    await before.cancel(); // as a crash: three entries were never acknowledged
    await eventually(async () => expect(await pendingCount(client, 'd3', 'g', 'c1')).toBe(3));

    const events: RedisTraceEvent[] = [];
    const after = redisStream({
      client, stream: 'd3', group: 'g', consumer: 'c1', blockMs: 20,
      trace: (event) => events.push(event as RedisTraceEvent),
    });
    const subscription = openSubscription(after);
    subscription.ask(5);
    const again = await take(subscription, 5);
    expect(again.map((m) => [m.data.n, m.attempt])).toEqual([['1', 2], ['2', 2], ['3', 2], ['4', 1], ['5', 1]]);
    expect(events.filter((e) => e.type === 'read').map((e) => e.type === 'read' && [e.from, e.count])).toEqual([
      ['pending', 3],
      ['new', 2],
    ]);
    await subscription.cancel();
  });

  it('creates a missing group and stream (MKSTREAM), and shows its source in stats and diagrams', async () => {
    const client = await connect();
    const stage = redisStream({ client, stream: 'd4', group: 'g', consumer: 'c1', blockMs: 20 });
    expect(toMermaid(stage)).toContain('d4/g/c1<br/>redisStream');
    const subscription = openSubscription(stage);
    subscription.ask(1);
    await eventually(async () => expect(await groupInfo(client, 'd4', 'g')).toMatchObject({ name: 'g' }));
    await addEntries(client, 'd4', 1);
    expect((await take(subscription, 1)).map((m) => m.data)).toEqual([{ n: '0' }]);
    await subscription.cancel();
  });
});

async function clientCount(client: { sendCommand(args: string[]): Promise<unknown> }): Promise<number> {
  const list = String(await client.sendCommand(['CLIENT', 'LIST']));
  return list.split('\n').filter((line) => line.trim() !== '').length;
}
