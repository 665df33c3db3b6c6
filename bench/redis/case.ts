// One S7 contender in its own process: `node --import tsx bench/redis/case.ts <id> <url> <count> <reps>`.
// Warm-up runs on a tenth of the items until 300 ms have passed (at least one, as S1–S5 warm up for 300 ms: a
// library has more code for the JIT to settle than a hand-written loop), then `reps` timed runs, each on a
// fresh backlog and checked: every item handled exactly once. Prints one JSON line: the samples, or why it failed.
import { createClient } from 'redis';
import { REDIS_CONTENDERS } from './contenders.js';

export interface RedisCaseResult {
  id: string;
  samplesMs?: number[];
  failed?: string;
}

const WARM_UP_MS = 300;

async function once(id: string, url: string, count: number, run: string): Promise<number> {
  const contender = REDIS_CONTENDERS.find((c) => c.id === id)!;
  const admin = await createClient({ url }).connect();
  await admin.sendCommand(['FLUSHALL']);
  const key = `s7-${run}`;
  await contender.fill(url, key, count);
  const seen = new Uint8Array(count);
  const started = performance.now();
  const teardown = await contender.run(url, key, count, (n) => void (seen[n]! += 1));
  const ms = performance.now() - started;
  await teardown();
  await admin.close();
  const wrong = seen.findIndex((times) => times !== 1);
  if (wrong >= 0) throw new Error(`item ${wrong} was handled ${seen[wrong]} times`);
  return ms;
}

async function main(): Promise<RedisCaseResult> {
  const [id, url, count, reps] = process.argv.slice(2) as [string, string, string, string];
  try {
    const warmUntil = performance.now() + WARM_UP_MS;
    let warmUps = 0;
    do await once(id, url, Number(count) / 10, `w${warmUps++}`);
    while (performance.now() < warmUntil);
    const samplesMs: number[] = [];
    for (let run = 1; run <= Number(reps); run++) samplesMs.push(await once(id, url, Number(count), String(run)));
    return { id, samplesMs };
  } catch (error) {
    return { id, failed: error instanceof Error ? error.message : String(error) };
  }
}

console.log(JSON.stringify(await main()));
process.exit(0);
