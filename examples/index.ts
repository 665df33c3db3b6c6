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

// A section returns its pipeline for the diagram; the Redis one runs its pipelines in worker processes. Each
// comes with one line saying what to watch for, for a reader who has not read the chapter.
const sections: [title: string, watch: string, run: () => Promise<Stage<unknown> | void>][] = [
  [
    'Build a pipeline',
    'the consumer asks for 1000 pages (its default maxDemand) as it subscribes, before any page exists.',
    buildAPipeline,
  ],
  [
    'GenStage Pipeline 2',
    'with maxDemand 3 the consumer gets at most 3 pages at a time; the producer\'s buffer serves its next ask, and only the part the buffer cannot serve reaches handleDemand (the demand for 2).',
    genstagePipeline2,
  ],
  [
    'Adding more consumers',
    'two consumers asking 1 page each share one producer: the pages alternate between consumer_a and consumer_b (merge only joins the two into one pipeline for start()).',
    addingMoreConsumers,
  ],
  [
    'What happens when producer buffer limit is exceeded?',
    'with bufferSize 1, pushed pages nobody asked for overflow the buffer: GenStage\'s discard warning, and only the newest page (page7) is kept.',
    producerBufferLimit,
  ],
  [
    'Adding concurrency with ConsumerSupervisor',
    'maxDemand 2 is the concurrency: two pages are scraped at a time, and each finished page makes room for the next.',
    addingConcurrency,
  ],
  [
    'Multi-stage data pipelines',
    'OnlinePageProducerConsumer takes one page at a time and passes on only the pages found online (about two in three: Scraper.online? is random here); the supervisor scrapes those.',
    multiStagePipeline,
  ],
  [
    'Scaling up a stage with extra processes',
    'two OnlinePageProducerConsumers share the pages, checking two at once; merge feeds both into one supervisor.',
    scalingUp,
  ],
  [
    'Across processes: a Redis stream shared by two workers',
    'two worker processes read one Redis stream: each page is scraped by exactly one of them, then acknowledged.',
    redisScraper,
  ],
];

console.log('The seed chapter, section by section: the log lines each section prints, then its pipeline as a mermaid diagram.');
for (const [title, watch, section] of sections) {
  console.log(`\n## ${title}\n\nWatch for: ${watch}\n`);
  const pipeline = await section();
  if (pipeline !== undefined) console.log(`\n${toMermaid(pipeline)}`);
}
