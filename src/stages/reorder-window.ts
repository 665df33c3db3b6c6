// Results that finish out of order, released in input order (consumerSupervisor's `ordered: true`).
// The window is a ring of `size` places: callers guarantee that at most `size` sequence numbers are
// open at once (the supervisor's slots), so a place is always free when a result arrives.

const OPEN = Symbol('open');
const SKIPPED = Symbol('skipped');

/**
 * Puts results back in sequence order.
 *
 * @example
 * const window = new ReorderWindow<string>(2);
 * window.put(1, 'b');
 * window.put(0, 'a');
 * const out: string[] = [];
 * window.drain(out); // out is ['a', 'b']
 */
export class ReorderWindow<T> {
  private readonly places: (T | typeof OPEN | typeof SKIPPED)[];
  // Sequence number of the next result to release.
  private head = 0;

  constructor(readonly size: number) {
    this.places = new Array(size).fill(OPEN);
  }

  /** The result of sequence number `seq`. */
  put(seq: number, value: T): void {
    this.places[seq % this.size] = value;
  }

  /** Sequence number `seq` has no result (a dropped event); it no longer holds the others back. */
  skip(seq: number): void {
    this.places[seq % this.size] = SKIPPED;
  }

  /** Appends the results now in order to `into`; returns how many skipped sequence numbers it passed. */
  drain(into: T[]): number {
    let skipped = 0;
    for (;;) {
      const i = this.head % this.size;
      const value = this.places[i]!;
      if (value === OPEN) return skipped;
      this.places[i] = OPEN;
      this.head++;
      if (value === SKIPPED) skipped++;
      else into.push(value as T);
    }
  }
}
