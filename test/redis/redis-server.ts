// A real redis-server on a free loopback port, with no persistence: for the Redis tests, the crash test's
// processes and the Redis bench. No test framework here, so the bench can use it too.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createClient } from 'redis';

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
