// describe() for tests against a real redis-server: each test file gets its own server, stopped after it.
// In CI (CI=true) a missing redis-server fails the tests; locally they are skipped, saying why.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { newClient, redisServerInstalled, startRedisServer, type Client, type RedisServer } from './redis-server.js';

export { addEntries, newClient, startRedisServer, type Client, type RedisServer } from './redis-server.js';

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
  if (!redisServerInstalled) {
    // CI counts this as a failed test, not a skipped file.
    describe(name, () => {
      it('has a redis-server to run against', () => {
        throw new Error('redis-server is not installed, and CI=true requires the Redis tests to run (.ci/run installs it)');
      });
    });
    return;
  }
  describe(name, () => {
    let current: RedisServer | undefined;
    const clients: Client[] = [];
    beforeAll(async () => {
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
