// Crash safety across processes: three consumer processes share a stream; one is killed with SIGKILL
// mid-stream and never comes back (its pending entries are claimed by the others), another is killed and
// restarted under the same name (it re-reads its own pending entries). Every entry is handled at least
// once, none is lost, and only entries in flight at a kill are handled twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { addEntries, describeRedis, groupInfo, type Client } from './redis/server.js';
import { sleep } from './redis/wait.js';

const COUNT = 6000;
const CLAIM_IDLE_MS = 3000; // far above a handler's time, so only the dead lose entries to a claim
const script = fileURLToPath(new URL('./redis/consumer-process.ts', import.meta.url));

interface Child {
  process: ChildProcess;
  exited: Promise<number | null>;
}

function spawnConsumer(url: string, consumer: string): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, url, 'jobs', 'g', consumer, String(CLAIM_IDLE_MS)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk) => (errors += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve({ process: child, exited });
    });
    void exited.then((code) => reject(new Error(`consumer ${consumer} exited (${code}) before it was ready: ${errors}`)));
  });
}

async function handledCount(client: Client): Promise<number> {
  return Number(await client.sendCommand(['LLEN', 'jobs:handled']));
}

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await sleep(10);
}

/** Kills a consumer as a crash would, and returns the entry ids it held unacknowledged at that moment. */
async function crash(client: Client, child: Child, consumer: string): Promise<string[]> {
  child.process.kill('SIGKILL');
  await child.exited;
  await sleep(200); // what the dead process had on the wire has reached the server
  const rows = (await client.sendCommand(['XPENDING', 'jobs', 'g', '-', '+', String(COUNT), consumer])) as unknown[][];
  return rows.map((row) => String(row[0]));
}

describeRedis('redisStream crash safety', ({ connect, server }) => {
  it('loses nothing when consumer processes are killed mid-stream', async () => {
    const client = await connect();
    const { url } = server();
    await client.sendCommand(['XGROUP', 'CREATE', 'jobs', 'g', '0', 'MKSTREAM']);
    const children = await Promise.all(['w0', 'w1', 'w2'].map((name) => spawnConsumer(url, name)));
    const all: Child[] = [...children];
    try {
      await addEntries(client, 'jobs', COUNT);

      await waitFor(async () => (await handledCount(client)) >= COUNT * 0.15);
      const lost = await crash(client, children[0]!, 'w0'); // never restarted: the others claim its entries
      await waitFor(async () => (await handledCount(client)) >= COUNT * 0.4);
      const interrupted = await crash(client, children[1]!, 'w1');
      all.push(await spawnConsumer(url, 'w1')); // restarted under its name: re-reads its own pending entries
      // Both died mid-stream, holding work.
      expect(lost.length).toBeGreaterThan(0);
      expect(interrupted.length).toBeGreaterThan(0);

      await waitFor(async () => {
        const info = await groupInfo(client, 'jobs', 'g');
        return Number(info.pending) === 0 && Number(info['entries-read']) === COUNT;
      });

      const ids = new Map<string, string>(); // entry id -> n
      const rows = (await client.sendCommand(['XRANGE', 'jobs', '-', '+'])) as [string, string[]][];
      for (const [id, fields] of rows) ids.set(fields[1]!, id);
      const handled = (await client.sendCommand(['LRANGE', 'jobs:handled', '0', '-1'])) as string[];
      const times = new Map<string, number>();
      for (const n of handled) times.set(n, (times.get(n) ?? 0) + 1);

      const inFlight = new Set([...lost, ...interrupted]);
      for (let n = 0; n < COUNT; n++) expect(times.get(String(n)) ?? 0).toBeGreaterThanOrEqual(1);
      const twice = [...times].filter(([, count]) => count > 1).map(([n]) => ids.get(n)!);
      for (const id of twice) expect(inFlight.has(id)).toBe(true);
      expect(Math.max(...times.values())).toBeLessThanOrEqual(2);
    } finally {
      for (const child of all) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGTERM');
      const codes = await Promise.all(all.map((child) => child.exited));
      // The survivors stopped gracefully (exit 0); the two crashed ones were killed.
      expect(codes.filter((code) => code === 0).length).toBe(2);
    }
  }, 60_000);
});
