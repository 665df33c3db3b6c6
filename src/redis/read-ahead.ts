// How many entries one read asks Redis for. Without read-ahead, what the subscribers want: demand is the
// broker's count. With `prefetch: p`, also what refills the stage's buffer to p, but only once the buffer fell to
// half of p (or subscribers want more than it holds), so reads stay large: as GenStage's min/max demand, which
// re-asks at half of max_demand rather than one event at a time.

/** The COUNT of the next read; 0 when there is nothing to read now. */
export function readCount(wanted: number, buffered: number, prefetch: number): number {
  if (prefetch === 0) return wanted;
  if (wanted === 0 && buffered > lowWater(prefetch)) return 0;
  return wanted + Math.max(prefetch - buffered, 0);
}

/** The buffer's level at or below which the stage reads ahead again. */
export function lowWater(prefetch: number): number {
  return Math.floor(prefetch / 2);
}
