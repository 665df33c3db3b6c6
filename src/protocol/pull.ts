// Pulling a synchronous iterator: up to `n` items in one call, the way every sync source fills a batch.

export interface IteratorPull<T> {
  readonly items: T[];
  /** The iterator is finished (it said done, or threw). */
  readonly done: boolean;
  /** What it threw, after the items it gave before. */
  readonly failure?: { readonly error: unknown };
}

export function pullIterator<T>(iterator: Iterator<T>, n: number): IteratorPull<T> {
  // Filled by push, not preallocated: an array made with new Array(n) stays "holey" for good, and a handler that
  // sees holey batches beside packed ones (from arrays, from map) reads every element through a slower path.
  const items: T[] = [];
  try {
    while (items.length < n) {
      const step = iterator.next();
      if (step.done) return { items, done: true };
      items.push(step.value);
    }
  } catch (error) {
    return { items, done: true, failure: { error } };
  }
  return { items, done: false };
}
