// S6's unit of work, loaded by every contender (and by their worker threads): a fixed integer hash loop of about
// 20 µs per event on the bench machine. Pure computation: no allocation, no I/O, nothing a thread could share.
export const ROUNDS = 8000;

export function hash(x: number): number {
  let h = x | 0;
  for (let i = 0; i < ROUNDS; i++) {
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995);
    h = ((h ^ (h >>> 15)) + i) | 0;
  }
  return h >>> 0;
}

/** genstage/workers' entry (and piscina's per-batch task, by name): one batch in, its hashes out. */
export function handleEvents(events: number[]): number[] {
  const out = new Array<number>(events.length);
  for (let i = 0; i < events.length; i++) out[i] = hash(events[i]!);
  return out;
}

/** piscina's per-event task: its default export. */
export default hash;
