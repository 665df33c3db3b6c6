// Seed section "GenStage Pipeline 2": the consumer subscribes with max_demand 3, min_demand 0, and pages
// arrive through scrape_pages (a push into the producer). Batches of at most 3; the rest waits in the buffer.
import { pipe, producerConsumer, start, type Stage } from '../src/index.js';
import { info, inspect, pageProducer, runIfMain, scrapeSeedPagesThenStop, work } from './scraper.js';

export async function genstagePipeline2(): Promise<Stage<unknown>> {
  const producer = pageProducer('PageProducer');

  info('PageConsumer init');
  const pageConsumer = producerConsumer(
    async (events: string[]) => {
      info(`PageConsumer received ${inspect(events)}`);
      for (const _page of events) await work();
    },
    { name: 'PageConsumer', minDemand: 0, maxDemand: 3 },
  );

  const pipeline = pipe(producer, pageConsumer);
  await scrapeSeedPagesThenStop(start(pipeline), producer);
  return pipeline;
}

runIfMain(import.meta.url, genstagePipeline2);
