// Seed section "Multi-stage data pipelines": PageProducer → OnlinePageProducerConsumer (min_demand 0,
// max_demand 1, keeps the pages that are online) → OnlinePageConsumerSupervisor (max_demand 2).
import { consumerSupervisor, pipe, producer, producerConsumer, start, type Stage } from '../src/index.js';
import { info, inspect, isOnline, MORE_PAGES, PAGES, runIfMain, sleep, untilIdle, work } from './scraper.js';

export function onlinePageProducerConsumer(name = 'OnlinePageProducerConsumer') {
  info('OnlinePageProducerConsumer init');
  return producerConsumer(
    async (events: string[]) => {
      info(`OnlinePageProducerConsumer received ${inspect(events)}`);
      const online: string[] = [];
      for (const page of events) if (await isOnline(page)) online.push(page); // Enum.filter(events, &Scraper.online?/1)
      info(`Online: ${inspect(online)}`);
      return online;
    },
    { name, minDemand: 0, maxDemand: 1 },
  );
}

export async function multiStagePipeline(): Promise<Stage<unknown>> {
  info('PageProducer init');
  const pageProducer = producer<string>({
    name: 'PageProducer',
    handleDemand(demand) {
      info(`PageProducer received demand for ${demand} ${demand === 1 ? 'page' : 'pages'}`);
      return [];
    },
  });

  info('PageConsumerSupervisor init');
  const onlinePageConsumer = async (page: string) => {
    info(`OnlinePageConsumer started with event ${page}`);
    await work();
  };

  const pipeline = pipe(
    pageProducer,
    onlinePageProducerConsumer(),
    consumerSupervisor(2, onlinePageConsumer, { name: 'OnlinePageConsumerSupervisor' }),
  );
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

runIfMain(import.meta.url, multiStagePipeline);
