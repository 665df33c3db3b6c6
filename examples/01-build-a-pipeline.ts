// Seed section "Build a pipeline": a PageProducer and a PageConsumer with the default demand.
// The consumer asks max_demand (1000) as it subscribes, so the producer logs one demand of 1000.
// (Examples import from ../src; in your code: import { … } from 'genstage'.)
import { pipe, producerConsumer, start, type Stage } from '../src/index.js';
import { info, inspect, pageProducer, runIfMain, sleep, work } from './scraper.js';

export async function buildAPipeline(): Promise<Stage<unknown>> {
  const producer = pageProducer('PageProducer');

  info('PageConsumer init');
  const pageConsumer = producerConsumer(
    async (events: string[]) => {
      info(`PageConsumer received ${inspect(events)}`);
      for (const _page of events) await work();
    },
    { name: 'PageConsumer' },
  );

  // Scraper.Application.start(): the consumer subscribes and asks.
  const pipeline = pipe(producer, pageConsumer);
  const running = start(pipeline);
  await sleep(50);
  // Supervisor.stop(Scraper.Supervisor)
  await running.stop();
  return pipeline;
}

runIfMain(import.meta.url, buildAPipeline);
