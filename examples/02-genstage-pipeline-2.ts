// Seed section "GenStage Pipeline 2": the consumer subscribes with max_demand 3, min_demand 0, and pages
// arrive through scrape_pages (a push into the producer). Batches of at most 3; the rest waits in the buffer.
import { consume, producer } from '../src/index.js';
import { info, inspect, MORE_PAGES, PAGES, runIfMain, sleep, work } from './scraper.js';

export async function genstagePipeline2(): Promise<void> {
  info('PageProducer init');
  const pageProducer = producer<string>({
    name: 'PageProducer2',
    handleDemand(demand) {
      info(`PageProducer received demand for ${demand} pages`);
      return [];
    },
  });
  const scrapePages = (pages: string[]) => {
    info(`cast some pages ${inspect(pages)}`);
    pageProducer.push(pages);
  };

  info('PageConsumer init');
  const pageConsumer = consume(
    pageProducer.subscribe({ minDemand: 0, maxDemand: 3 }),
    async (events) => {
      info(`PageConsumer received ${inspect(events)}`);
      for (const _page of events) await work();
    },
  );

  await sleep(50);
  scrapePages(PAGES);
  scrapePages(MORE_PAGES);
  // Supervisor.stop: the producer ends, the consumer drains what was asked for and stops.
  pageProducer.end();
  await pageConsumer;
}

runIfMain(import.meta.url, genstagePipeline2);
