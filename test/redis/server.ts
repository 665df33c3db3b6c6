// A real redis-server for one test file: its own process on a free loopback port, no persistence, stopped
// after the file. In CI (CI=true) a missing redis-server fails the tests; locally they are skipped, saying why.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe } from 'vitest';

/** A client that never reconnects: a test that kills its server wants errors, not retries. */
export function newClient(url: string) {
  const client = createClient({ url, socket: { reconnectStrategy: false } });
  client.on('error', () => undefined); // a server killed on purpose must not crash the test process
  return client;
}

export type Client = ReturnType<typeof newClient>;

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** Stops the server (SIGKILL: as a crash, nothing flushed). Resolves once it exited. */
  kill(): Promise<void>;
}

export const redisServerInstalled = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
const required = process.env.CI === 'true';

/**
 * describe() for tests against a real server: `server()` gives this file's server (started before the tests,
 * killed after them), `connect()` a client closed after the tests.
 */
export function describeRedis(name: string, body: (ctx: { server: () => RedisServer; connect: () => Promise<Client> }) => void): void {
  if (!redisServerInstalled && !required) {
    console.warn(`skipping "${name}": redis-server is not installed (apt-get install -y redis-server to run these tests)`);
    describe.skip(name, () => body({ server: unavailable, connect: unavailable }));
    return;
  }
  describe(name, () => {
    let current: RedisServer | undefined;
    const clients: Client[] = [];
    beforeAll(async () => {
      if (!redisServerInstalled) throw new Error('redis-server is not installed, and CI=true requires the Redis tests to run');
      current = await startRedisServer();
    }, 20_000);
    afterAll(async () => {
      for (const client of clients) if (client.isOpen) client.destroy();
      await current?.kill();
    });
    body({
      server: () => current ?? unavailable(),
      connect: async () => {
        const client = newClient(current!.url);
        clients.push(client);
        await client.connect();
        return client;
      },
    });
  });
}

function unavailable(): never {
  throw new Error('no redis-server for this test');
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitUntilReady(port, child);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    process: child,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

async function waitUntilReady(port: number, child: ChildProcess): Promise<void> {
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited at start: ${output}`);
    const client = newClient(`redis://127.0.0.1:${port}`);
    try {
      await client.connect();
      await client.sendCommand(['PING']);
      client.destroy();
      return;
    } catch {
      client.destroy();
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not accept connections on port ${port}: ${output}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const ADD_SCRIPT = `for i = tonumber(ARGV[2]), tonumber(ARGV[3]) do redis.call('XADD', KEYS[1], '*', ARGV[1], i) end`;

/** Appends `count` entries `{ n: '<i>' }` (from `from`): a server-side loop per batch of 10,000. */
export async function addEntries(client: Client, stream: string, count: number, from = 0, field = 'n'): Promise<void> {
  for (let start = from; start < from + count; start += 10_000) {
    const last = Math.min(from + count, start + 10_000) - 1;
    await client.sendCommand(['EVAL', ADD_SCRIPT, '1', stream, field, String(start), String(last)]);
  }
}

/** XPENDING's summary count for a group (all consumers), or for one consumer. */
export async function pendingCount(client: Client, stream: string, group: string, consumer?: string): Promise<number> {
  if (consumer === undefined) {
    const summary = (await client.sendCommand(['XPENDING', stream, group])) as unknown[];
    return Number(summary[0]);
  }
  const rows = (await client.sendCommand(['XPENDING', stream, group, '-', '+', '1000000', consumer])) as unknown[];
  return rows.length;
}

/** XINFO GROUPS' row for a group, as a plain object (RESP2 or RESP3). */
export async function groupInfo(client: Client, stream: string, group: string): Promise<Record<string, unknown>> {
  const rows = (await client.sendCommand(['XINFO', 'GROUPS', stream])) as unknown[];
  for (const row of rows) {
    const info = toObject(row);
    if (info.name === group) return info;
  }
  throw new Error(`no group ${group} on ${stream}`);
}

function toObject(row: unknown): Record<string, unknown> {
  if (Array.isArray(row)) {
    const out: Record<string, unknown> = {};
    for (let i = 0; i + 1 < row.length; i += 2) out[String(row[i])] = row[i + 1];
    return out;
  }
  if (row instanceof Map) return Object.fromEntries(row);
  return row as Record<string, unknown>;
}
