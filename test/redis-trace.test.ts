// redisStream's own trace events are part of the core's TraceEvent union: logger() prints its reads, acks,
// failures and dead letters beside the core's demand lines. Against a real server.
import { expect, it } from 'vitest';
import { logger, openSubscription, type Message, type Subscription, type TraceEvent } from '../src/index.js';
import { redisStream, type RedisTraceEvent } from '../src/redis/index.js';
import { eventually, take } from './redis/wait.js';
import { describeRedis } from './redis/server.js';




const isRedisEvent = (event: TraceEvent): event is RedisTraceEvent =>
  ['read', 'claim', 'ack', 'fail', 'deadLetter'].includes(event.type);

describeRedis('redisStream traces', ({ connect }) => {
  it('logger() prints the reads, acks, failures and dead letters of a redisStream', async () => {
    const client = await connect();
    const ids: string[] = [];
    for (const url of ['a', 'b', 'c']) ids.push(String(await client.sendCommand(['XADD', 't1', '*', 'url', url])));
    const lines: string[] = [];
    const print = logger({ unit: 'pages', events: true, log: (line) => void lines.push(line) });
    const events: RedisTraceEvent[] = [];
    const stage = redisStream({
      client, stream: 't1', group: 'g', consumer: 'c1', blockMs: 20, maxDeliveries: 1, deadLetterStream: 't1:dead',
      trace: (event) => {
        if (isRedisEvent(event)) events.push(event);
        print(event);
      },
    });
    const subscription = openSubscription(stage);
    subscription.ask(3);
    const [a, b, c] = await take(subscription, 3);
    a!.ack();
    b!.ack();
    c!.fail(new TypeError('cannot parse page'));
    await eventually(() => expect(stage.stats()).toMatchObject({ acked: 2, deadLettered: 1 }));
    await subscription.cancel();

    expect(events.map((e) => e.type).sort()).toEqual(['ack', 'deadLetter', 'fail', 'read']);
    expect(lines).toEqual(expect.arrayContaining([
      't1/g/c1 received demand for 3 pages',
      't1/g/c1 read 3 pages (asked 3)',
      't1/g/c1 emitted 3 pages',
      't1/g/c1 acknowledged 2 pages',
      `t1/g/c1 failed message ${ids[2]} (attempt 1): TypeError: cannot parse page`,
      `t1/g/c1 dead-lettered message ${ids[2]} after 1 deliveries: TypeError: cannot parse page`,
    ]));
  });
});
