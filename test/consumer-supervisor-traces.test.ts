// Scenarios 6 and 7 of reference/genstage-traces.md, replayed with the seed's 20 ms of work per page.
// Time is faked and advanced 1 ms at a time, every timer due in that millisecond firing before the
// promises they settle run on: as on the BEAM, where both exits reach the supervisor before new events.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { consumerSupervisor, pipe, producer, producerConsumer, run, type Producer } from '../src/index.js';

const PAGES_1 = ['page1', 'page2', 'page3', 'page4', 'page5'];
const PAGES_2 = ['page6', 'page7'];
const OFFLINE = new Set(['page2', 'page5']);

const realImmediate = setImmediate;
const drainMicrotasks = () => new Promise<void>((resolve) => realImmediate(resolve));

async function advance(ms: number): Promise<void> {
  for (let i = 0; i < ms; i++) {
    vi.advanceTimersByTime(1);
    await drainMicrotasks();
  }
}

const work = () => new Promise<void>((resolve) => setTimeout(resolve, 20));

/** The seed's OnlinePageConsumer: logs its start with the count of workers running, then works. */
function scraper(log: string[]) {
  let running = 0;
  let peak = 0;
  const scrape = async (page: string) => {
    running++;
    peak = Math.max(peak, running);
    log.push(`sup start ${page} running=${running}`);
    try {
      await work();
    } finally {
      running--;
    }
  };
  return { scrape, peak: () => peak };
}

/** The seed's scrape_pages calls, 50 ms after the pipeline started, then the time to drain it all. */
async function scrapePages(pages: Producer<string>): Promise<void> {
  await advance(50);
  pages.push(PAGES_1);
  pages.push(PAGES_2);
  await advance(300);
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the seed on consumerSupervisor, as on real GenStage', () => {
  it('scenario 6: a ConsumerSupervisor with max_demand 2', async () => {
    const log: string[] = [];
    const pages = producer<string>({ name: 'PageProducer', handleDemand: (n) => void log.push(`producer demand ${n}`) });
    const { scrape, peak } = scraper(log);
    const done = run(pipe(pages, consumerSupervisor(2, scrape)));
    await scrapePages(pages);
    log.push(`peak concurrency ${peak()}`);
    pages.end();
    await done;

    expect(log).toEqual([
      'producer demand 2',
      'sup start page1 running=1',
      'sup start page2 running=2',
      'sup start page3 running=1',
      'sup start page4 running=2',
      'sup start page5 running=1',
      'sup start page6 running=2',
      'producer demand 1',
      'sup start page7 running=1',
      'producer demand 1',
      'peak concurrency 2',
    ]);
  });

  it('scenario 7: producer, then a producerConsumer filtering offline pages, then the supervisor', async () => {
    const log: string[] = [];
    const pages = producer<string>({ name: 'PageProducer', handleDemand: (n) => void log.push(`producer demand ${n}`) });
    const onlinePages = producerConsumer(
      async (received: string[]) => {
        const online: string[] = [];
        for (const page of received) {
          await work();
          if (!OFFLINE.has(page)) online.push(page);
        }
        log.push(`pc1 received ${JSON.stringify(received)} online ${JSON.stringify(online)}`);
        return online;
      },
      { name: 'pc1', maxDemand: 1, minDemand: 0 },
    );
    const { scrape, peak } = scraper(log);
    const done = run(pipe(pages, onlinePages, consumerSupervisor(2, scrape)));
    await scrapePages(pages);
    log.push(`peak concurrency ${peak()}`);
    pages.end();
    await done;

    expect(log).toEqual([
      'producer demand 1',
      'pc1 received ["page1"] online ["page1"]',
      'sup start page1 running=1',
      'pc1 received ["page2"] online []',
      'pc1 received ["page3"] online ["page3"]',
      'sup start page3 running=1',
      'pc1 received ["page4"] online ["page4"]',
      'sup start page4 running=1',
      'pc1 received ["page5"] online []',
      'pc1 received ["page6"] online ["page6"]',
      'sup start page6 running=1',
      'pc1 received ["page7"] online ["page7"]',
      'producer demand 1',
      'sup start page7 running=1',
      'peak concurrency 1',
    ]);
  });
});
