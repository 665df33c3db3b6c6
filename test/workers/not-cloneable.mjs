export function handleEvents(events) {
  return events.map((x) => () => x);
}
