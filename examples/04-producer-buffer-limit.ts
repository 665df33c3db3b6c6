// Seed section "What happens when producer buffer limit is exceeded?": buffer_size 1. The two consumers take
// one page each; of the rest only the newest fits, and GenStage's warning reports the discarded pages.
import { merge, pipe, producer, producerConsumer, start, type Stage } from '../src/index.js';
import { info, inspect, MORE_PAGES, PAGES, runIfMain, sleep, untilIdle, work } from './scraper.js';

export async function producerBufferLimit(): Promise<Stage<unknown>> {
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
    return producerConsumer(
      async (events: string[]) => {
        info(`PageConsumer ${id} received ${inspect(events)}`);
        for (const _page of events) await work();
      },
      { name: `PageConsumer4 ${id}`, minDemand: 0, maxDemand: 1 },
    );
  };

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

runIfMain(import.meta.url, producerBufferLimit);
