// Fairness probe: an endless synchronous pipeline of one stage kind runs, consumed by `consume` or by
// `for await`, while a 50 ms timer waits. Reports how late the timer fired and how many events had flowed.
// Usage: node --import tsx fairness.ts <kind> <consume|for-await>
import { consume } from '../../../src/index.js';
import { kinds } from './fairness-kinds.js';
import { finish, ready } from './report.js';

async function main(kind: string, consumer: string): Promise<void> {
  const build = kinds[kind];
  if (!build || (consumer !== 'consume' && consumer !== 'for-await')) throw new Error(`unknown scenario ${kind} / ${consumer}`);
  const stage = build();
  const stop = new AbortController();
  let events = 0;
  ready();
  const started = performance.now();
  setTimeout(() => {
    // Reported from inside the timer: the verdict stands even if the pipeline then refuses to stop.
    finish({ lateMs: performance.now() - started - 50, events });
  }, 50);
  if (consumer === 'consume') {
    await consume(stage, (batch) => void (events += batch.length), { signal: stop.signal }).catch(() => undefined);
  } else {
    for await (const _ of stage) {
      events++;
      if (stop.signal.aborted) break;
    }
  }
}

const [kind = '', consumer = ''] = process.argv.slice(2);
main(kind, consumer).catch((error: unknown) => finish({ error: String(error) }));
