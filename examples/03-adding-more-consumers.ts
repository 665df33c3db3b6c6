// Seed section "Adding more consumers": two PageConsumers, each min_demand 0 / max_demand 1, share the pages.
// The producer's default (demand) dispatcher sends each page to the consumer with the most demand.
import { consume, producer } from '../src/index.js';
import { info, inspect, MORE_PAGES, PAGES, runIfMain, sleep, work } from './scraper.js';

export async function addingMoreConsumers(): Promise<void> {
  info('PageProducer init');
  const pageProducer = producer<string>({
    name: 'PageProducer2',
    handleDemand(demand) {
      info(`PageProducer received demand for ${demand} pages`);
      return [];
    },
  });

  const pageConsumer = (id: string) => {
    info('PageConsumer init');
    return consume(
      pageProducer.subscribe({ minDemand: 0, maxDemand: 1 }),
      async (events) => {
        info(`PageConsumer ${id} received ${inspect(events)}`);
        for (const _page of events) await work();
      },
    );
  };
  const consumers = [pageConsumer('consumer_a'), pageConsumer('consumer_b')];

  await sleep(50);
  info(`cast some pages ${inspect(PAGES)}`);
  pageProducer.push(PAGES);
  info(`cast some pages ${inspect(MORE_PAGES)}`);
  pageProducer.push(MORE_PAGES);
  pageProducer.end();
  await Promise.all(consumers);
}

runIfMain(import.meta.url, addingMoreConsumers);
