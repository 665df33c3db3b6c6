// S7's contenders: each consumes a Redis backlog of `count` items from one group (or queue), handles each once
// with `handle(n)`, and acknowledges it the way its docs show.
import { createClient } from 'redis';

export interface RedisContender {
  id: string;
  /** The npm package whose installed version is reported; absent for hand-written code. */
  packageName?: string;
  /** How this contender is written, for the report. */
  how: string;
  /** Puts items 0..count-1 where this contender reads them (not timed). */
  fill(url: string, key: string, count: number): Promise<void>;
  /** Handles every item once; resolves once all are acknowledged, with a teardown (not timed). */
  run(url: string, key: string, count: number, handle: (n: number) => void): Promise<() => Promise<void>>;
}

export const GROUP = 'bench';

const FILL_SCRIPT = `for i = tonumber(ARGV[1]), tonumber(ARGV[2]) do redis.call('XADD', KEYS[1], '*', 'n', i) end
return redis.call('XGROUP', 'CREATE', KEYS[1], '${GROUP}', '0')`;

/** A stream of entries { n } and its group, built by a server-side loop (the stream contenders share it). */
export async function fillStream(url: string, key: string, count: number): Promise<void> {
  const client = await createClient({ url }).connect();
  await client.sendCommand(['EVAL', FILL_SCRIPT, '1', key, '0', String(count - 1)]);
  await client.close();
}
