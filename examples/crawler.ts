// Beyond the seed: a real crawler. A node:http server on loopback serves 300 linked pages, some slow and some
// failing once. The crawl is a pipeline: a Frontier producer of URLs → rateLimit (at most 100 fetches per
// 50 ms) → consumerSupervisor (8 fetches at once, a failed fetch retried with the same URL: restart
// 'transient') → a LinkExtractor that pushes the new links back into the Frontier and ends it when no page
// is left to crawl.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { consumerSupervisor, pipe, producer, producerConsumer, start } from '../src/index.js';
import { rateLimit } from '../operators/index.js';
import { runIfMain, sleep } from './scraper.js';

const PAGE_COUNT = 300;

/** Page n links to three others; every 10th page is slow, every 17th fails on its first request. */
function serveSite(): Promise<Server> {
  const failedOnce = new Set<number>();
  const server = createServer(async (request, response) => {
    const n = Number(/^\/page\/(\d+)$/.exec(request.url ?? '')?.[1] ?? NaN);
    if (!(n >= 0 && n < PAGE_COUNT)) return void response.writeHead(404).end();
    if (n % 17 === 16 && !failedOnce.has(n)) {
      failedOnce.add(n);
      return void response.writeHead(503).end('try again');
    }
    if (n % 10 === 9) await sleep(20);
    const links = [n * 7 + 1, n * 3 + 2, n + 1].map((m) => `<a href="/page/${m % PAGE_COUNT}">page ${m % PAGE_COUNT}</a>`);
    response.writeHead(200, { 'content-type': 'text/html' }).end(`<h1>page ${n}</h1>${links.join(' ')}`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

interface Page {
  url: string;
  links: string[];
  attempt: number;
}

export async function crawl(): Promise<{ crawled: number; restarts: number }> {
  const server = await serveSite();
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const frontier = producer<string>({ name: 'Frontier', bufferSize: Infinity });
  const seen = new Set<string>(['/page/0']);
  let pending = 1;
  let crawled = 0;

  const fetchPage = async (url: string, { signal, attempt }: { signal: AbortSignal; attempt: number }): Promise<Page> => {
    const response = await fetch(base + url, { signal });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    const html = await response.text();
    return { url, attempt, links: [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!) };
  };

  const linkExtractor = producerConsumer(
    (pages: Page[]) => {
      const found: string[] = [];
      for (const page of pages) {
        pending--;
        crawled++;
        for (const link of page.links) {
          if (seen.has(link)) continue;
          seen.add(link);
          found.push(link);
          pending++;
        }
        if (crawled % 50 === 0) console.log(`crawled ${crawled} pages, ${pending} to go`);
      }
      frontier.push(found);
      if (pending === 0) frontier.end();
    },
    { name: 'LinkExtractor' },
  );

  const pipeline = pipe(
    frontier,
    rateLimit<string>({ allowed: 100, intervalMs: 50 }),
    consumerSupervisor(8, fetchPage, { name: 'Fetchers', maxRestarts: 50, maxSeconds: 5 }),
    linkExtractor,
  );
  const running = start(pipeline);
  frontier.push(['/page/0']);
  try {
    await running.done;
  } finally {
    server.closeAllConnections();
    server.close();
  }
  const restarts = running.stats().find((s) => s.name === 'Fetchers')!.restarts;
  console.log(`crawled ${crawled} pages; ${restarts} fetches were restarted after a failure`);
  return { crawled, restarts };
}

runIfMain(import.meta.url, crawl);
