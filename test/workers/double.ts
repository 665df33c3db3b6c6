// A TypeScript worker module: the worker registers tsx to import it.
export function handleEvents(events: number[]): number[] {
  return events.map((x: number) => x * 2);
}
