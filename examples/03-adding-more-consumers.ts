// Seed section "Adding more consumers": two PageConsumers, each min_demand 0 / max_demand 1, share the pages.
// The producer's default (demand) dispatcher sends each page to the consumer with the most demand.
import { merge, pipe, producer, producerConsumer, start, type Stage } from '../src/index.js';
import { info, inspect, MORE_PAGES, PAGES, runIfMain, sleep, untilIdle, work } from './scraper.js';

export async function addingMoreConsumers(): Promise<Stage<unknown>> {
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
    return producerConsumer(
      async (events: string[]) => {
        info(`PageConsumer ${id} received ${inspect(events)}`);
        for (const _page of events) await work();
      },
      { name: `PageConsumer3 ${id}`, minDemand: 0, maxDemand: 1 },
    );
  };

  // Both consumers subscribe to the one producer; start() runs them together.
  const pipeline = merge(pipe(pageProducer, pageConsumer('consumer_a')), pipe(pageProducer, pageConsumer('consumer_b')));
  const running = start(pipeline);
  await sleep(50);
  info(`cast some pages ${inspect(PAGES)}`);
  pageProducer.push(PAGES);
  info(`cast some pages ${inspect(MORE_PAGES)}`);
  pageProducer.push(MORE_PAGES);
  await untilIdle(running);
  await running.stop();
  return pipeline;
}

runIfMain(import.meta.url, addingMoreConsumers);
