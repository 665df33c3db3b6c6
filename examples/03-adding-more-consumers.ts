// Seed section "Adding more consumers": two PageConsumers, each min_demand 0 / max_demand 1, share the pages.
// The producer's default (demand) dispatcher sends each page to the consumer with the most demand.
import { merge, pipe, producerConsumer, start, type Stage } from '../src/index.js';
import { info, inspect, pageProducer, runIfMain, scrapeSeedPagesThenStop, work } from './scraper.js';

/** The seed's PageConsumer with its id (consumer_a, consumer_b), one page at a time: named as it logs. */
export function pageConsumer(id: string) {
  info('PageConsumer init');
  return producerConsumer(
    async (events: string[]) => {
      info(`PageConsumer ${id} received ${inspect(events)}`);
      for (const _page of events) await work();
    },
    { name: `PageConsumer ${id}`, minDemand: 0, maxDemand: 1 },
  );
}

export async function addingMoreConsumers(): Promise<Stage<unknown>> {
  const producer = pageProducer('PageProducer');
  // Both consumers subscribe to the one producer; merge lets start() run them as one pipeline.
  const pipeline = merge(
    pipe(producer, pageConsumer('consumer_a')),
    pipe(producer, pageConsumer('consumer_b')),
  );
  await scrapeSeedPagesThenStop(start(pipeline), producer);
  return pipeline;
}

runIfMain(import.meta.url, addingMoreConsumers);
