// Keeps the thread busy (synchronously) for 30 ms per batch, so cancellation finds workers mid-batch.
export function handleEvents(events) {
  const end = Date.now() + 30;
  while (Date.now() < end);
  return events;
}
