// How many entries one read asks Redis for. Without read-ahead, what the subscribers want: demand is the
// broker's count. With `prefetch: p`, also half of p more, whenever the buffer is at or below half of p: reads
// stay large (as GenStage's min/max demand re-asks at half of max_demand, not one event at a time), and what is
// buffered stays within p.

/** The COUNT of the next read; 0 when there is nothing to read now. */
export function readCount(wanted: number, buffered: number, prefetch: number): number {
  if (prefetch === 0) return wanted;
  if (wanted === 0 && buffered > lowWater(prefetch)) return 0;
  return wanted + (prefetch - lowWater(prefetch));
}

/**
 * The COUNT of a read sent as `count` entries just read are about to be handed out (0: none): the same rule,
 * applied to the buffer as it will be once they are, before any is taken. Then a pipeline that takes each read
 * at once (quick handlers) always has the next one on its way, and what is buffered plus what is on its way
 * stays within demand + `prefetch`.
 */
export function readAheadCount(wanted: number, buffered: number, count: number, prefetch: number): number {
  if (prefetch === 0) return 0;
  const after = buffered + count - wanted;
  return readCount(Math.max(-after, 0), Math.max(after, 0), prefetch);
}

/** The buffer's level at or below which the stage reads ahead again. */
export function lowWater(prefetch: number): number {
  return Math.floor(prefetch / 2);
}
