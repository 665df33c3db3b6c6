// The ceiling: a hand-written consumer loop, XREADGROUP COUNT 1000 then one XACK for the whole batch.
import { createClient } from 'redis';
import { fillStream, GROUP, type RedisContender } from './contender.js';

type Entries = [string, string[]][];

function entriesOf(reply: unknown, key: string): Entries {
  if (reply === null) return [];
  if (Array.isArray(reply)) return (reply[0] as [string, Entries])[1];
  return (reply as Record<string, Entries>)[key] ?? [];
}

export const loop: RedisContender = {
  id: 'XREADGROUP loop',
  how: 'node-redis: `XREADGROUP … COUNT 1000 BLOCK 1000`, handle the batch, one `XACK` of its ids, repeat',
  fill: fillStream,
  async run(url, key, count, handle) {
    const client = await createClient({ url }).connect();
    for (let done = 0; done < count; ) {
      const reply = await client.sendCommand(['XREADGROUP', 'GROUP', GROUP, 'c', 'COUNT', '1000', 'BLOCK', '1000', 'STREAMS', key, '>']);
      const entries = entriesOf(reply, key);
      const ids = new Array<string>(entries.length);
      for (let i = 0; i < entries.length; i++) {
        const [id, fields] = entries[i]!;
        handle(Number(fields[1]));
        ids[i] = id;
      }
      if (ids.length > 0) await client.sendCommand(['XACK', key, GROUP, ...ids]);
      done += ids.length;
    }
    return () => client.close();
  },
};
