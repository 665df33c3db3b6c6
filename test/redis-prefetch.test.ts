// redisStream's read-ahead (`prefetch`): reads are larger than demand, yet bounded. What is pending on the
// consumer in Redis stays within demand + prefetch + one read, consumers sharing a group still get each entry
// exactly once, and a stop treats read-ahead entries as it treats in-flight ones. Against a real server.
import { expect, it } from 'vitest';
import { consumerSupervisor, openSubscription, pipe, start, type Message } from '../src/index.js';
import { acknowledge, redisStream, type Fields, type RedisTraceEvent } from '../src/redis/index.js';
import { consumeShared, eventually, sleep, take } from './redis/wait.js';
import { addEntries, describeRedis, pendingCount } from './redis/server.js';

const reads = (events: RedisTraceEvent[]) =>
  events.flatMap((e) => (e.type === 'read' ? [{ asked: e.asked, ahead: e.ahead, count: e.count }] : []));

describeRedis('redisStream prefetch', ({ connect }) => {
  it('reads demand + half of prefetch, sends the next read while handing one out, refills only at half', async () => {
    const client = await connect();
    await addEntries(client, 'p1', 500);
    const events: RedisTraceEvent[] = [];
    const stage = redisStream({
      client, stream: 'p1', group: 'g', consumer: 'c1', blockMs: 20, prefetch: 20,
      trace: (event) => events.push(event as RedisTraceEvent),
    });
    const subscription = openSubscription(stage);
    subscription.ask(5);
    const first = await take(subscription, 5);
    expect(first.map((m) => m.data.n)).toEqual(['0', '1', '2', '3', '4']);
    // 5 asked + 10: handing those out leaves 10, half of 20, so a read of 10 left before they were handed out.
    // Several block periods later: 5 handed out, 20 read ahead, nothing more read.
    await sleep(100);
    expect(await pendingCount(client, 'p1', 'g', 'c1')).toBe(25);
    expect(stage.stats()).toMatchObject({ prefetch: 20, buffered: 20, inFlight: 5, pending: 25, received: 25 });
    expect(reads(events)).toEqual([{ asked: 15, ahead: 10, count: 15 }, { asked: 10, ahead: 10, count: 10 }]);

    for (const message of first) message.ack();
    // 5 more from the buffer leave 15, above half of 20: nothing is read.
    subscription.ask(5);
    const second = await take(subscription, 5);
    await sleep(60);
    expect(stage.stats()).toMatchObject({ buffered: 15, received: 25 });
    // 5 more leave 10, half of 20: one read of 10 refills it.
    subscription.ask(5);
    const third = await take(subscription, 5);
    expect([...second, ...third].map((m) => m.data.n)).toEqual(Array.from({ length: 10 }, (_, i) => String(i + 5)));
    await eventually(() => expect(stage.stats()).toMatchObject({ buffered: 20, acked: 5 }));
    await sleep(60);
    // Demand not yet acknowledged (10) + prefetch (20): the bound, and what Redis says is pending.
    expect(await pendingCount(client, 'p1', 'g', 'c1')).toBe(30);
    expect(stage.stats()).toMatchObject({ buffered: 20, inFlight: 10, pending: 30, received: 35 });
    expect(reads(events)).toEqual([
      { asked: 15, ahead: 10, count: 15 },
      { asked: 10, ahead: 10, count: 10 },
      { asked: 10, ahead: 10, count: 10 },
    ]);
    await subscription.cancel();
  });

  it('keeps what is pending on the consumer within demand + prefetch + one read while a pipeline flows', async () => {
    const client = await connect();
    await addEntries(client, 'p2', 400);
    const events: RedisTraceEvent[] = [];
    const stage = redisStream({
      client, stream: 'p2', group: 'g', consumer: 'c1', blockMs: 20, prefetch: 30,
      trace: (event) => events.push(event as RedisTraceEvent),
    });
    let most = 0;
    let mostBuffered = 0;
    const running = start(pipe(stage, consumerSupervisor(10, acknowledge(async () => {
      mostBuffered = Math.max(mostBuffered, stage.stats().buffered);
      await sleep(1);
    }))));
    while (stage.stats().received === 0) await sleep(2); // the stage created the group
    while (stage.stats().acked < 400) {
      most = Math.max(most, await pendingCount(client, 'p2', 'g', 'c1'));
      await sleep(2);
    }
    await running.stop();
    // 10 workers' demand + 30 read ahead + one read's worth (at most demand + prefetch) of acks on their way.
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(10 + 30 + 40);
    expect(mostBuffered).toBeLessThanOrEqual(30);
    const counts = reads(events);
    expect(counts.every((read) => read.asked <= 10 + 15 && read.ahead <= 15)).toBe(true);
    // Reads are larger than the workers' re-asks of 5: 400 entries took far fewer than 80 reads.
    expect(counts.length).toBeLessThan(40);
    expect(await pendingCount(client, 'p2', 'g')).toBe(0);
  });

  it('three consumers with read-ahead share 30,000 entries exactly once', async () => {
    const client = await connect();
    const count = 30_000;
    await addEntries(client, 'p3', count);
    const stages = [0, 1, 2].map((i) =>
      redisStream({ client, stream: 'p3', group: 'g', consumer: `c${i}`, blockMs: 50, prefetch: 500 }),
    );
    const { seen } = await consumeShared(stages, count, 100);
    expect(seen.every((times) => times === 1)).toBe(true);
    await eventually(() => expect(stages.map((stage) => stage.stats().pending)).toEqual([0, 0, 0]));
    expect(await pendingCount(client, 'p3', 'g')).toBe(0);
    expect(stages.map((stage) => stage.stats().acked).reduce((a, b) => a + b)).toBe(count);
  }, 30_000);

  it('stop() delivers and acknowledges the read-ahead entries too', async () => {
    const client = await connect();
    await addEntries(client, 'p4', 300);
    let started = 0;
    const handled: string[] = [];
    const stage = redisStream({ client, stream: 'p4', group: 'g', consumer: 'c1', blockMs: 50, prefetch: 40 });
    const running = start(pipe(stage, consumerSupervisor(5, acknowledge(async (message: Message<Fields>) => {
      started++;
      await sleep(2);
      handled.push(message.data.n!);
    }))));
    while (started < 10) await sleep(2);
    expect(stage.stats().buffered).toBeGreaterThan(0);
    await running.stop();
    const read = stage.stats().received;
    expect(read).toBeLessThan(300);
    // Every entry read, those waiting in the buffer at the stop included, was handled and acknowledged.
    expect(handled.map(Number)).toEqual(Array.from({ length: read }, (_, i) => i));
    // The last XACK went out before stop() resolved, on this client: it is answered before this XPENDING.
    expect(await pendingCount(client, 'p4', 'g')).toBe(0);
    expect(stage.stats()).toMatchObject({ acked: read, pending: 0, buffered: 0, inFlight: 0 });
  });

  it('stop({ drain: false }) leaves read-ahead entries pending, unacknowledged, for another consumer', async () => {
    const client = await connect();
    await addEntries(client, 'p5', 100);
    let started = 0;
    const stage = redisStream({ client, stream: 'p5', group: 'g', consumer: 'c1', blockMs: 50, prefetch: 20 });
    const running = start(pipe(stage, consumerSupervisor(5, acknowledge(async (_m: Message<Fields>, { signal }) => {
      started++;
      await sleep(60_000, signal);
    }))));
    while (started < 5) await sleep(5);
    expect(stage.stats()).toMatchObject({ buffered: 20, inFlight: 5 });
    await running.stop({ drain: false });
    expect(stage.stats()).toMatchObject({ acked: 0, failed: 0 });
    // 5 cancelled in flight + 20 never handed to a worker: all still this consumer's, none acknowledged.
    expect(await pendingCount(client, 'p5', 'g', 'c1')).toBe(25);

    const other = redisStream({ client, stream: 'p5', group: 'g', consumer: 'c2', blockMs: 20, claimIdleMs: 1, prefetch: 20 });
    const ids: string[] = [];
    const second = start(pipe(other, consumerSupervisor(50, acknowledge((m: Message<Fields>) => void ids.push(m.data.n!)))));
    while (other.stats().acked < 100) await sleep(5);
    await second.stop();
    expect(ids.map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(other.stats().claimed).toBe(25);
    expect(await pendingCount(client, 'p5', 'g')).toBe(0);
  });
});
