// Seed section "Build a pipeline": a PageProducer and a PageConsumer with the default demand.
// The consumer asks max_demand (1000) as it subscribes, so the producer logs one demand of 1000.
// (Examples import from ../src; in your code: import { … } from 'genstage'.)
import { consume, producer } from '../src/index.js';
import { info, inspect, runIfMain, sleep, work } from './scraper.js';

export async function buildAPipeline(): Promise<void> {
  info('PageProducer init');
  const pageProducer = producer<string>({
    name: 'PageProducer',
    handleDemand(demand) {
      info(`PageProducer received demand for ${demand} pages`);
      return [];
    },
  });

  info('PageConsumer init');
  const pageConsumer = consume(pageProducer, async (events) => {
    info(`PageConsumer received ${inspect(events)}`);
    for (const _page of events) await work();
  });

  await sleep(50);
  // Supervisor.stop(Scraper.Supervisor): no more pages; the consumer finishes what it holds.
  pageProducer.end();
  await pageConsumer;
}

runIfMain(import.meta.url, buildAPipeline);
