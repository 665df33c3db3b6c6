// npm start: the seed chapter's tour, section by section: a heading, the log lines, then the pipeline's diagram.
// SCRAPER_SPEED=1 npm start runs it with the seed's real 1–5 s of work per page. The last section runs the
// scraper across processes over Redis; without redis-server (and REDIS_URL) it says so and is skipped.
import { toMermaid, type Stage } from '../src/index.js';
import { buildAPipeline } from './01-build-a-pipeline.js';
import { genstagePipeline2 } from './02-genstage-pipeline-2.js';
import { addingMoreConsumers } from './03-adding-more-consumers.js';
import { producerBufferLimit } from './04-producer-buffer-limit.js';
import { addingConcurrency } from './05-consumer-supervisor.js';
import { multiStagePipeline } from './06-multi-stage-pipeline.js';
import { scalingUp } from './07-scaling-up.js';
import { redisScraper } from './redis-scraper.js';

// A section returns its pipeline for the diagram; the Redis one runs its pipelines in worker processes.
const sections: [string, () => Promise<Stage<unknown> | void>][] = [
  ['Build a pipeline', buildAPipeline],
  ['GenStage Pipeline 2', genstagePipeline2],
  ['Adding more consumers', addingMoreConsumers],
  ['What happens when producer buffer limit is exceeded?', producerBufferLimit],
  ['Adding concurrency with ConsumerSupervisor', addingConcurrency],
  ['Multi-stage data pipelines', multiStagePipeline],
  ['Scaling up a stage with extra processes', scalingUp],
  ['Across processes: a Redis stream shared by two workers', redisScraper],
];

for (const [title, section] of sections) {
  console.log(`\n## ${title}\n`);
  const pipeline = await section();
  if (pipeline !== undefined) console.log(`\n${toMermaid(pipeline)}`);
}
