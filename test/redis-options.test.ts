// redisStream's options are checked when the stage is built, with messages naming the option, the rule and
// the value; problems only the server can tell (a missing group, a closed client) fail the pipeline at start.
import { expect, it } from 'vitest';
import { run } from '../src/index.js';
import { redisStream, type RedisStreamOptions } from '../src/redis/index.js';
import { describeRedis, newClient } from './redis/server.js';

describeRedis('redisStream options', ({ connect, server }) => {
  const bad: [string, Record<string, unknown>, ErrorConstructor, string][] = [
    ['stream', { stream: '' }, RangeError, 'stream must be a non-empty string, got ""'],
    ['stream', { stream: 42 }, TypeError, 'stream must be a non-empty string, got 42'],
    ['group', { group: undefined }, TypeError, 'group must be a non-empty string, got undefined'],
    ['consumer', { consumer: null }, TypeError, 'consumer must be a non-empty string, got null'],
    ['blockMs', { blockMs: 0 }, RangeError, 'blockMs must be an integer >= 1, got 0'],
    ['blockMs', { blockMs: '100' }, TypeError, 'blockMs must be an integer >= 1, got "100"'],
    ['claimIdleMs', { claimIdleMs: 1.5 }, RangeError, 'claimIdleMs must be an integer >= 1 or Infinity, got 1.5'],
    ['maxDeliveries', { maxDeliveries: 0, deadLetterStream: 'dead' }, RangeError, 'maxDeliveries must be an integer >= 1, got 0'],
    ['maxDeliveries', { maxDeliveries: 3 }, TypeError, 'deadLetterStream must be a stream key when maxDeliveries is set (3), got undefined'],
    ['deadLetterStream', { deadLetterStream: 'dead' }, TypeError, 'maxDeliveries must be an integer >= 1 when deadLetterStream is set ("dead"), got undefined'],
    ['deadLetterStream', { maxDeliveries: 2, deadLetterStream: 's' }, RangeError, 'deadLetterStream must differ from stream, got "s" for both'],
    ['prefetch', { prefetch: -1 }, RangeError, 'prefetch must be an integer >= 0, got -1'],
    ['prefetch', { prefetch: 2.5 }, RangeError, 'prefetch must be an integer >= 0, got 2.5'],
    ['prefetch', { prefetch: Infinity }, RangeError, 'prefetch must be an integer >= 0, got Infinity'],
    ['prefetch', { prefetch: '100' }, TypeError, 'prefetch must be an integer >= 0, got "100"'],
    ['decode', { decode: 'json' }, TypeError, 'decode must be a function, got "json"'],
    ['createGroup', { createGroup: 'yes' }, TypeError, 'createGroup must be a boolean, got "yes"'],
    ['startId', { startId: 'latest' }, RangeError, 'startId must be "$", "0" or a stream entry id such as "1700000000000-0", got "latest"'],
    ['name', { name: '' }, RangeError, 'name must be a non-empty string, got ""'],
    ['trace', { trace: true }, TypeError, 'trace must be a function, got true'],
    ['client', { client: {} }, TypeError, 'client must be a node-redis client (createClient() from the redis package), got an object'],
    ['unknown', { count: 10 }, TypeError, 'redisStream got an unknown option "count"; known options: client, stream, group, consumer, decode, blockMs, claimIdleMs, maxDeliveries, deadLetterStream, prefetch, createGroup, startId, name, trace'],
  ];

  for (const [option, change, type, message] of bad) {
    it(`refuses a bad ${option} at once: ${message}`, () => {
      const client = newClient('redis://127.0.0.1:1');
      const options = { client, stream: 's', group: 'g', consumer: 'c', ...change } as RedisStreamOptions<unknown>;
      expect(() => redisStream(options)).toThrow(new type(message));
    });
  }

  it('refuses options that are not an object', () => {
    expect(() => redisStream(null as never)).toThrow(new TypeError('redisStream options must be an object, got null'));
  });

  it('with createGroup: false, a missing group fails the pipeline at start with a clear error', async () => {
    const client = await connect();
    await client.sendCommand(['XADD', 'o1', '*', 'n', '1']);
    const stage = redisStream({ client, stream: 'o1', group: 'nobody', consumer: 'c', createGroup: false });
    await expect(run(stage)).rejects.toThrow(
      'redisStream o1/nobody/c: group "nobody" does not exist on stream "o1", and createGroup is false',
    );
    const missingStream = redisStream({ client, stream: 'o2', group: 'g', consumer: 'c', createGroup: false });
    await expect(run(missingStream)).rejects.toThrow(/group "g" does not exist on stream "o2"/);
    expect(await client.sendCommand(['EXISTS', 'o2'])).toBe(0);
  });

  it('a client that was never connected fails the pipeline at start, saying what to do', async () => {
    const client = newClient(server().url);
    const stage = redisStream({ client, stream: 'o3', group: 'g', consumer: 'c', name: 'pages' });
    await expect(run(stage)).rejects.toThrow(
      'redisStream pages needs a connected client: await client.connect() before the pipeline starts',
    );
  });

  it('a stream key of another type fails the pipeline with the server\'s error', async () => {
    const client = await connect();
    await client.sendCommand(['SET', 'o4', 'not a stream']);
    await expect(run(redisStream({ client, stream: 'o4', group: 'g', consumer: 'c' }))).rejects.toThrow(/WRONGTYPE/);
  });

  it('a group deleted while the pipeline runs fails it with a clear error', async () => {
    const client = await connect();
    const stage = redisStream({ client, stream: 'o5', group: 'g', consumer: 'c', blockMs: 50 });
    const failure = run(stage).then(() => undefined, (error: unknown) => error);
    while (stage.stats().subscribers === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 30)); // the group exists and a read is out
    await client.sendCommand(['XGROUP', 'DESTROY', 'o5', 'g']);
    expect((await failure) as Error).toMatchObject({
      message: expect.stringMatching(/^redisStream o5\/g\/c: group "g" of stream "o5" no longer exists: NOGROUP/),
    });
  });
});
