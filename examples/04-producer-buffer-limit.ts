// Seed section "What happens when producer buffer limit is exceeded?": buffer_size 1. The two consumers take
// one page each; of the rest only the newest fits, and GenStage's warning reports the discarded pages.
import { merge, pipe, start, type Stage } from '../src/index.js';
import { pageConsumer } from './03-adding-more-consumers.js';
import { pageProducer, runIfMain, scrapeSeedPagesThenStop } from './scraper.js';

export async function producerBufferLimit(): Promise<Stage<unknown>> {
  const producer = pageProducer('PageProducer', { bufferSize: 1 });
  const pipeline = merge(
    pipe(producer, pageConsumer('consumer_a')),
    pipe(producer, pageConsumer('consumer_b')),
  );
  await scrapeSeedPagesThenStop(start(pipeline), producer);
  return pipeline;
}

runIfMain(import.meta.url, producerBufferLimit);
