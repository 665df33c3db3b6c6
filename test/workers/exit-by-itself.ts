// Run as its own process (`node --import tsx`): each way of leaving a workers() pipeline early must leave
// nothing that keeps the process alive, so it exits by itself once this script's last line ran.
import { from, pipe, start } from '../../src/index.js';
import { workers } from '../../src/workers/index.js';

const busy = new URL('./busy.mjs', import.meta.url);
const events = () => from(Array.from({ length: 10_000 }, (_, i) => i));

// break while both workers are mid-batch
for await (const _ of pipe(events(), workers(2, busy, { maxDemand: 4 }))) break;

// stop() without draining
const running = start(pipe(events(), workers(2, busy, { maxDemand: 4 })));
await new Promise((resolve) => setTimeout(resolve, 50));
await running.stop({ drain: false });

// abandoned: one result read, the iterator dropped without return() while the stage still has events to do
const stage = pipe(events(), workers<number, number>(2, busy, { maxDemand: 4 }));
const iterator = stage.subscribe({ maxDemand: 2 })[Symbol.asyncIterator]();
await iterator.next();
console.log('script done');
