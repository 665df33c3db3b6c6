// Seed section "Scaling up a stage with extra processes": two OnlinePageProducerConsumers (ids 1 and 2), each
// subscribed to the PageProducer with min_demand 0 / max_demand 1, and one OnlinePageConsumerSupervisor
// subscribed to both with the default demand. `merge` is that one consumer subscribed to two producers;
// `parallel(2, onlinePageProducerConsumer())` builds the same shape in one call.
import { consumerSupervisor, merge, pipe, start, type Stage } from '../src/index.js';
import { onlinePageProducerConsumer } from './06-multi-stage-pipeline.js';
import { info, pageProducer, runIfMain, scrapeSeedPagesThenStop, work } from './scraper.js';

export async function scalingUp(): Promise<Stage<unknown>> {
  const producer = pageProducer('PageProducer', { pageWord: true });
  const producerConsumers = [1, 2].map((id) => pipe(producer, onlinePageProducerConsumer(`OnlinePageProducerConsumer ${id}`)));

  info('OnlinePageConsumerSupervisor init');
  const onlinePageConsumer = async (page: string) => {
    info(`OnlinePageConsumer started with event ${page}`);
    await work();
  };
  const pipeline = pipe(
    merge(...producerConsumers),
    consumerSupervisor(1000, onlinePageConsumer, { name: 'OnlinePageConsumerSupervisor' }),
  );
  // Scraper.Application.start() … Scraper.Application.stop()
  await scrapeSeedPagesThenStop(start(pipeline), producer);
  return pipeline;
}

runIfMain(import.meta.url, scalingUp);
