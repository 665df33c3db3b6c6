// Seed section "Adding concurrency with ConsumerSupervisor": a PageConsumerSupervisor subscribed with
// max_demand 2 starts one PageConsumer per page, at most two at once, and asks for a page as each one exits.
import { consumerSupervisor, pipe, producer, start, type Stage } from '../src/index.js';
import { info, inspect, MORE_PAGES, PAGES, runIfMain, sleep, untilIdle, work } from './scraper.js';

export async function addingConcurrency(): Promise<Stage<unknown>> {
  info('PageProducer init');
  const pageProducer = producer<string>({
    name: 'PageProducer',
    handleDemand(demand) {
      info(`PageProducer received demand for ${demand} ${demand === 1 ? 'page' : 'pages'}`);
      return [];
    },
  });

  info('PageConsumerSupervisor init');
  // The child template, restart: :transient (the default): a page whose scraping fails is scraped again.
  const pageConsumer = async (page: string) => {
    info(`PageConsumer started by PageConsumerSupervisor with event ${page}`);
    await work();
  };
  const supervisor = consumerSupervisor(2, pageConsumer, { name: 'PageConsumerSupervisor' });

  const pipeline = pipe(pageProducer, supervisor);
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

runIfMain(import.meta.url, addingConcurrency);
