// The seed's scraper across processes: pages come from a Redis stream, and two worker processes share them
// through one consumer group, as Broadway's processors would. Each worker runs the seed's ConsumerSupervisor
// (two scrapes at once) and acknowledges a page once it was scraped.
//
//   npx tsx examples/redis-scraper.ts                      starts a private redis-server on a free port
//   REDIS_URL=redis://localhost:6379 npx tsx examples/redis-scraper.ts   uses yours (stream "scraper:pages")
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import { consumerSupervisor, pipe, start, type Message } from '../src/index.js';
import { acknowledge, redisStream, type Fields } from '../src/redis/index.js';
import { info, isOnline, MORE_PAGES, PAGES, runIfMain, sleep } from './scraper.js';

const STREAM = 'scraper:pages';
const GROUP = 'scrapers';

/** One worker process: scrapes pages from the group until told to stop (SIGTERM), then drains. */
async function worker(url: string, name: string): Promise<void> {
  const client = await createClient({ url }).connect();
  const running = start(
    pipe(
      redisStream<Fields>({ client, stream: STREAM, group: GROUP, consumer: name, blockMs: 200 }),
      consumerSupervisor(
        2,
        acknowledge(async (message: Message<Fields>) => {
          const page = message.data.page!;
          info(`${name} scraping ${page}`);
          const online = await isOnline(page);
          info(`${name} ${page} is ${online ? 'online' : 'offline'}`);
          return online;
        }),
      ),
    ),
  );
  process.once('SIGTERM', () => {
    void running.stop().then(() => client.close());
  });
  console.log('ready');
  await running.done;
}

/** The seed's run: two workers, the seed's two scrape_pages calls as stream entries, then a graceful stop. */
export async function redisScraper(): Promise<void> {
  const url = process.env.REDIS_URL ?? (await privateServer());
  if (url === undefined) return;
  const client = await createClient({ url }).connect();
  try {
    await client.sendCommand(['DEL', STREAM]);
    const workers = await Promise.all(['worker-1', 'worker-2'].map((name) => spawnWorker(url, name)));
    for (const pages of [PAGES, MORE_PAGES]) {
      info(`add some pages ${JSON.stringify(pages)}`);
      for (const page of pages) await client.sendCommand(['XADD', STREAM, '*', 'page', page]);
    }
    // Done when the group read every page and acknowledged it.
    while (!(await allAcknowledged(client, PAGES.length + MORE_PAGES.length))) await sleep(20);
    for (const child of workers) child.kill('SIGTERM');
    await Promise.all(workers.map((child) => new Promise((resolve) => child.once('exit', resolve))));
    info('every page scraped and acknowledged; both workers stopped');
  } finally {
    await client.close();
    await stopPrivateServer();
  }
}

async function allAcknowledged(client: { sendCommand(args: string[]): Promise<unknown> }, count: number): Promise<boolean> {
  const groups = (await client.sendCommand(['XINFO', 'GROUPS', STREAM])) as unknown[];
  const row = groups[0] as Record<string, unknown> | unknown[] | undefined;
  if (row === undefined) return false;
  const get = (key: string) => (Array.isArray(row) ? row[row.indexOf(key) + 1] : row[key]);
  return Number(get('pending')) === 0 && Number(get('entries-read')) === count;
}

function spawnWorker(url: string, name: string): Promise<ChildProcess> {
  const file = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--import', 'tsx', file, 'worker', url, name], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (line === 'ready') resolve(child);
        else if (line !== '') console.log(line);
      }
    });
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before it was ready`)));
  });
}

let server: ChildProcess | undefined;

/** A throwaway redis-server on a free loopback port, or undefined (with a clear message) when none is installed. */
async function privateServer(): Promise<string | undefined> {
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
    console.log('Skipping the Redis scraper: redis-server is not installed (apt-get install -y redis-server), and REDIS_URL is not set.');
    return undefined;
  }
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    const probe = createClient({ url, socket: { reconnectStrategy: false } });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      probe.destroy();
      return url;
    } catch {
      probe.destroy();
      await sleep(25);
    }
  }
  throw new Error(`redis-server did not start on port ${port}`);
}

async function stopPrivateServer(): Promise<void> {
  const child = server;
  server = undefined;
  if (child === undefined || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

if (process.argv[2] === 'worker') {
  worker(process.argv[3]!, process.argv[4]!).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  runIfMain(import.meta.url, redisScraper);
}
