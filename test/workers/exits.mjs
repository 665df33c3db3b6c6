export function handleEvents(events) {
  if (events.includes(7)) process.exit(3);
  return events;
}
