import { pathToFileURL } from 'node:url';
import { producer, type Producer, type RunningPipeline } from '../src/index.js';

// What the seed's sections share: its Scraper (work that takes 1–5 s, scaled), its pages, and Logger.info.
// SCRAPER_SPEED scales the seed's seconds (default 0.01: 1–5 s become 10–50 ms; 1 = the seed's real time).
// SCRAPER_WORK_MS fixes the work time instead (the traces in reference/genstage-traces.md use 20 ms).

const speed = Number(process.env.SCRAPER_SPEED ?? '0.01');
const fixedMs = process.env.SCRAPER_WORK_MS === undefined ? undefined : Number(process.env.SCRAPER_WORK_MS);

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Scraper.work(): sleeps 1..5 seconds, scaled. */
export function work(): Promise<void> {
  return sleep(fixedMs ?? (1 + Math.floor(Math.random() * 5)) * 1000 * speed);
}

/** Scraper.online?(url): works, then says true two times out of three (page2 and page5 are offline with fixed work). */
export async function isOnline(url: string): Promise<boolean> {
  await work();
  if (fixedMs !== undefined) return url !== 'page2' && url !== 'page5';
  return Math.random() < 2 / 3;
}

/** The seed's two `scrape_pages` calls. */
export const PAGES = ['page1', 'page2', 'page3', 'page4', 'page5'];
export const MORE_PAGES = ['page6', 'page7'];

/** Logger.info, in Elixir's format: `15:25:19.955 [info]  message`. */
export function info(message: string): void {
  const time = new Date().toISOString().slice(11, 23);
  console.log(`${time} [info]  ${message}`);
}

/** Elixir's inspect() of a list of strings: ["page1", "page2"]. */
export function inspect(items: readonly string[]): string {
  return `[${items.map((item) => JSON.stringify(item)).join(', ')}]`;
}

/**
 * The seed's PageProducer: `init` logs, each demand is logged in the seed's words, and `handle_demand` returns no
 * pages: they come from `scrapePages`. `pageWord` is the seed's `handle_demand(demand = 1, …)` clause of the
 * ConsumerSupervisor sections ("demand for 1 page").
 */
export function pageProducer(name: string, options: { bufferSize?: number; pageWord?: boolean } = {}): Producer<string> {
  info(options.bufferSize === undefined ? 'PageProducer init' : `PageProducer init with buffer size ${options.bufferSize}`);
  return producer<string>({
    name,
    ...(options.bufferSize === undefined ? {} : { bufferSize: options.bufferSize }),
    handleDemand(demand) {
      const pages = options.pageWord && demand === 1 ? 'page' : 'pages';
      info(`PageProducer received demand for ${demand} ${pages}`);
      return [];
    },
  });
}

/** PageProducer.scrape_pages(pages): a cast that hands the pages to the producer. */
export function scrapePages(pageProducer: Producer<string>, pages: string[]): void {
  info(`cast some pages ${inspect(pages)}`);
  pageProducer.push(pages);
}

/**
 * The end of every section: 50 ms after the start, the seed's two scrape_pages calls; the pipeline runs until
 * idle (the seed's cells run to the end), then Supervisor.stop.
 */
export async function scrapeSeedPagesThenStop(running: RunningPipeline, pageProducer: Producer<string>): Promise<void> {
  await sleep(50);
  scrapePages(pageProducer, PAGES);
  scrapePages(pageProducer, MORE_PAGES);
  await untilIdle(running);
  await running.stop();
}

/**
 * Waits until the pipeline is idle: nothing in flight and no counter moving for a few polls. The seed runs
 * each cell to the end before its `Supervisor.stop`; this is that pause.
 */
export async function untilIdle(running: RunningPipeline): Promise<void> {
  let last = '';
  for (let quiet = 0; quiet < 3; ) {
    await sleep(Math.max(5, (fixedMs ?? 1000 * speed) / 2));
    const stats = running.stats();
    const now = JSON.stringify(stats.map((s) => [s.received, s.emitted, s.inFlight, s.buffered]));
    quiet = now === last && stats.every((s) => s.inFlight === 0) ? quiet + 1 : 0;
    last = now;
  }
}

/** Runs `main` when the file is executed directly (npx tsx examples/<file>.ts). */
export function runIfMain(url: string, main: () => Promise<unknown>): void {
  if (process.argv[1] && url === pathToFileURL(process.argv[1]).href) {
    main().catch((error) => {
      console.error(error);
      process.exitCode = 1;
    });
  }
}
