export function handleEvents(events) {
  if (events.includes(13)) throw new RangeError(`bad event 13 in a batch of ${events.length}`);
  return events;
}
