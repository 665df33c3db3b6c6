// Seed section "Multi-stage data pipelines": PageProducer → OnlinePageProducerConsumer (min_demand 0,
// max_demand 1, keeps the pages that are online) → OnlinePageConsumerSupervisor (max_demand 2).
import { consumerSupervisor, pipe, producerConsumer, start, type Stage } from '../src/index.js';
import { info, inspect, isOnline, pageProducer, runIfMain, scrapeSeedPagesThenStop, work } from './scraper.js';

/** The seed's OnlinePageProducerConsumer; its log lines carry its stage name, as the diagram shows it. */
export function onlinePageProducerConsumer(name = 'OnlinePageProducerConsumer') {
  info(`${name} init`);
  return producerConsumer(
    async (events: string[]) => {
      info(`${name} received ${inspect(events)}`);
      const online: string[] = [];
      for (const page of events) if (await isOnline(page)) online.push(page); // Enum.filter(events, &Scraper.online?/1)
      info(`Online: ${inspect(online)}`);
      return online;
    },
    { name, minDemand: 0, maxDemand: 1 },
  );
}

export async function multiStagePipeline(): Promise<Stage<unknown>> {
  const producer = pageProducer('PageProducer', { pageWord: true });

  info('OnlinePageConsumerSupervisor init');
  const onlinePageConsumer = async (page: string) => {
    info(`OnlinePageConsumer started with event ${page}`);
    await work();
  };
  const pipeline = pipe(
    producer,
    onlinePageProducerConsumer(),
    consumerSupervisor(2, onlinePageConsumer, { name: 'OnlinePageConsumerSupervisor' }),
  );
  await scrapeSeedPagesThenStop(start(pipeline), producer);
  return pipeline;
}

runIfMain(import.meta.url, multiStagePipeline);
