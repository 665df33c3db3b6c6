// Grows a live array until the thread's resourceLimits stop it.
const kept = [];
export function handleEvents(events) {
  for (;;) kept.push(new Array(100_000).fill(events.length));
}
