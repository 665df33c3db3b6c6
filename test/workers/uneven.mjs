// Two workers of one stage get consecutive thread ids: the one with an even id is slow (5 ms of busy work per
// batch), the other fast, so the stage's demand decides who gets more.
import { threadId } from 'node:worker_threads';

export function handleEvents(events) {
  if (threadId % 2 === 0) {
    const end = Date.now() + 5;
    while (Date.now() < end);
  }
  return events.map(() => threadId);
}
