// Seed section "Adding concurrency with ConsumerSupervisor": a PageConsumerSupervisor subscribed with
// max_demand 2 starts one PageConsumer per page, at most two at once, and asks for a page as each one exits.
import { consumerSupervisor, pipe, start, type Stage } from '../src/index.js';
import { info, pageProducer, runIfMain, scrapeSeedPagesThenStop, work } from './scraper.js';

export async function addingConcurrency(): Promise<Stage<unknown>> {
  const producer = pageProducer('PageProducer', { pageWord: true });

  info('PageConsumerSupervisor init');
  // The child template, restart: :transient (the default): a page whose scraping fails is scraped again.
  const pageConsumer = async (page: string) => {
    info(`PageConsumer started by PageConsumerSupervisor with event ${page}`);
    await work();
  };
  const pipeline = pipe(producer, consumerSupervisor(2, pageConsumer, { name: 'PageConsumerSupervisor' }));
  await scrapeSeedPagesThenStop(start(pipeline), producer);
  return pipeline;
}

runIfMain(import.meta.url, addingConcurrency);
