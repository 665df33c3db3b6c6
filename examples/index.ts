// npm start: the seed chapter's tour, section by section, each with its heading and its log lines.
import { buildAPipeline } from './01-build-a-pipeline.js';
import { genstagePipeline2 } from './02-genstage-pipeline-2.js';
import { addingMoreConsumers } from './03-adding-more-consumers.js';
import { producerBufferLimit } from './04-producer-buffer-limit.js';

const sections: [string, () => Promise<void>][] = [
  ['Build a pipeline', buildAPipeline],
  ['GenStage Pipeline 2', genstagePipeline2],
  ['Adding more consumers', addingMoreConsumers],
  ['What happens when producer buffer limit is exceeded?', producerBufferLimit],
];

for (const [title, section] of sections) {
  console.log(`\n== ${title}\n`);
  await section();
}
