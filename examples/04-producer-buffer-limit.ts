// Seed section "What happens when producer buffer limit is exceeded?": buffer_size 1. The two consumers take
// one page each; of the rest only the newest fits, and GenStage's warning reports the discarded pages.
import { consume, producer } from '../src/index.js';
import { info, inspect, MORE_PAGES, PAGES, runIfMain, sleep, work } from './scraper.js';

export async function producerBufferLimit(): Promise<void> {
  info('PageProducer init with buffer size 1');
  const pageProducer = producer<string>({
    name: 'PageProducer4',
    bufferSize: 1,
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

runIfMain(import.meta.url, producerBufferLimit);
