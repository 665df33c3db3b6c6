// Memory probe: events pass through a lossy buffer of 1,000 (keep 'last') that nobody drains. Reports the live
// heap growth (after full collections) and what the buffer holds.
// Usage: node --expose-gc --import tsx memory.ts <kind>
import { openSubscription } from '../../../src/index.js';
import { kinds } from './memory-kinds.js';
import { finish, ready, settle } from './report.js';

function heap(): number {
  for (let i = 0; i < 3; i++) global.gc!();
  return process.memoryUsage().heapUsed;
}

async function main(kind: string): Promise<void> {
  if (!global.gc) throw new Error('run with --expose-gc');
  const build = kinds[kind];
  if (!build) throw new Error(`unknown scenario ${kind}`);
  const { stage, flood } = build();
  // One consumer starts the stage and asks for one event, then nothing more.
  const subscription = openSubscription(stage);
  subscription.ask(1);
  await settle();
  const before = heap();
  ready();
  await flood();
  await settle();
  const growth = heap() - before;
  finish({ growthMB: growth / 2 ** 20, buffered: stage.stats().buffered });
}

main(process.argv[2] ?? '').catch((error: unknown) => finish({ error: String(error) }));
