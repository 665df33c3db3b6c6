// A module that also uses the port for its own messages: the stage must not take them for replies.
import { parentPort } from 'node:worker_threads';

export function handleEvents(events) {
  parentPort.postMessage({ id: -1, note: 'progress' });
  parentPort.postMessage('a line of progress');
  return events.map((x) => x + 1);
}
