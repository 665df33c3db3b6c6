// Records what this worker received: each result says which thread handled it, the size of its batch, and
// the most events this thread ever held at once (counted as batches arrive on the port, before handling).
import { parentPort, threadId } from 'node:worker_threads';

let held = 0;
let peak = 0;
parentPort.on('message', ({ events }) => {
  held += events.length;
  peak = Math.max(peak, held);
});

export async function handleEvents(events) {
  // Uneven, short waits: batches pile up on the port and finish out of order across threads.
  await new Promise((resolve) => setTimeout(resolve, events[0] % 3));
  held -= events.length;
  return events.map((x) => ({ x, thread: threadId, size: events.length, peak }));
}
