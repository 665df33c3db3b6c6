// Beyond the seed: consuming a pipeline with `for await` in a plain script.
// Each iteration takes one event; the stage still moves events in batches and asks per the min/max rule,
// so the producer below is asked for 10 lines at first, then 5 at a time as the loop catches up.
import { from, pipe, producerConsumer } from '../src/index.js';
import { runIfMain, sleep } from './scraper.js';

async function* logLines(): AsyncGenerator<string> {
  try {
    for (let i = 1; ; i++) {
      await sleep(1);
      yield `${i % 7 === 0 ? 'ERROR' : 'INFO'} request ${i} took ${(i * 37) % 100} ms`;
    }
  } finally {
    console.log('the log source was closed');
  }
}

export async function forAwait(): Promise<void> {
  const errors = pipe(
    from(logLines(), { name: 'LogLines' }),
    producerConsumer((lines: string[]) => lines.filter((line) => line.startsWith('ERROR')), {
      name: 'OnlyErrors',
      maxDemand: 10,
      minDemand: 5,
    }),
  );

  let seen = 0;
  for await (const line of errors.subscribe({ maxDemand: 2, minDemand: 0 })) {
    console.log(line);
    if (++seen === 3) break; // leaving the loop releases every upstream: the generator's finally runs
  }
}

runIfMain(import.meta.url, forAwait);
