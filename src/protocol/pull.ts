// Pulling a synchronous iterator: up to `n` items in one call, the way every sync source fills a batch.

export interface IteratorPull<T> {
  readonly items: T[];
  /** The iterator is finished (it said done, or threw). */
  readonly done: boolean;
  /** What it threw, after the items it gave before. */
  readonly failure?: { readonly error: unknown };
}

export function pullIterator<T>(iterator: Iterator<T>, n: number): IteratorPull<T> {
  // Sized once (up to a bound, for huge asks of short sources): growing it by push() makes garbage per batch, which
  // cost S4 a tenth of its speed. The engine keeps such an array "holey"; a batch gathered from a buffer is packed.
  const items = new Array<T>(Math.min(n, 4096));
  let count = 0;
  try {
    while (count < n) {
      const step = iterator.next();
      if (step.done) {
        items.length = count;
        return { items, done: true };
      }
      items[count++] = step.value;
    }
  } catch (error) {
    items.length = count;
    return { items, done: true, failure: { error } };
  }
  items.length = count;
  return { items, done: false };
}
