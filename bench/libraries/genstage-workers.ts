// genstage/workers for S6, from the BUILT package: workers(n, hash module) for n = 1, 2 and 4, and the same
// work on the main thread in one producerConsumer, the single-thread pipeline workers() is meant to beat.
import { existsSync } from 'node:fs';
import type * as Genstage from '../../src/index.js';
import type { Source } from '../../src/index.js';
import type * as Workers from '../../src/workers/index.js';
import { distUrl } from '../paths.js';
import type { Contender } from '../types.js';

const genstage = (await import(distUrl('index.js').href)) as typeof Genstage;
const { consume, from, pipe, producerConsumer } = genstage;
const built = existsSync(distUrl('workers.js')) ? ((await import(distUrl('workers.js').href)) as typeof Workers) : null;

async function sum(source: Source<number>): Promise<number> {
  let total = 0;
  await consume(source, (xs) => {
    for (let i = 0; i < xs.length; i++) total += xs[i]!;
  });
  return total;
}

function onWorkers(n: number): Contender {
  const id = `genstage (workers ×${n})`;
  const how = `S6 \`pipe(from(events), workers(${n}, hashModule))\` + \`consume()\` (default maxDemand 1000: batches of 500, threads started in each run)`;
  if (built === null) return { id, kind: 'genstage', how, S6: { na: 'not built yet: dist/workers.js (genstage/workers)' } };
  const { workers } = built;
  return { id, kind: 'genstage', how, S6: (events, work) => sum(pipe(from(events), workers<number, number>(n, work.module))) };
}

export const contenders: Contender[] = [
  {
    id: 'genstage (producerConsumer)',
    kind: 'genstage',
    how: 'S6 `pipe(from(events), producerConsumer((xs) => xs.map(hash)))` + `consume()`: the same work on the main thread',
    S6: (events, work) => sum(pipe(from(events), producerConsumer((xs: number[]) => xs.map(work.hash)))),
  },
  onWorkers(1),
  onWorkers(2),
  onWorkers(4),
];
