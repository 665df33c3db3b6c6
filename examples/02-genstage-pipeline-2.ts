// Seed section "GenStage Pipeline 2": the consumer subscribes with max_demand 3, min_demand 0, and pages
// arrive through scrape_pages (a push into the producer). Batches of at most 3; the rest waits in the buffer.
import { pipe, producer, producerConsumer, start, type Stage } from '../src/index.js';
import { info, inspect, MORE_PAGES, PAGES, runIfMain, sleep, untilIdle, work } from './scraper.js';

export async function genstagePipeline2(): Promise<Stage<unknown>> {
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
  const pageConsumer = producerConsumer(
    async (events: string[]) => {
      info(`PageConsumer received ${inspect(events)}`);
      for (const _page of events) await work();
    },
    { name: 'PageConsumer2', minDemand: 0, maxDemand: 3 },
  );

  const pipeline = pipe(pageProducer, pageConsumer);
  const running = start(pipeline);
  await sleep(50);
  scrapePages(PAGES);
  scrapePages(MORE_PAGES);
  await untilIdle(running);
  await running.stop();
  return pipeline;
}

runIfMain(import.meta.url, genstagePipeline2);
