// Events taken from upstream and not sent to a worker yet. Upstream batches are kept whole and cut only where
// a worker's batch ends inside one, so a batch that fits is sent as it came, without a copy.

export class EventQueue<T> {
  private batches: (readonly T[])[] = [];
  private offset = 0;
  length = 0;

  push(batch: readonly T[]): void {
    if (batch.length === 0) return;
    this.batches.push(batch);
    this.length += batch.length;
  }

  /** Removes and returns the oldest `count` events (fewer if fewer are queued). */
  take(count: number): readonly T[] {
    const first = this.batches[0];
    if (first === undefined) return [];
    if (this.offset === 0 && (first.length === count || (first.length < count && this.batches.length === 1))) {
      this.batches.shift();
      this.length -= first.length;
      return first;
    }
    const parts: (readonly T[])[] = [];
    let taken = 0;
    while (taken < count && this.batches.length > 0) {
      const batch = this.batches[0]!;
      const end = Math.min(batch.length, this.offset + count - taken);
      parts.push(batch.slice(this.offset, end));
      taken += end - this.offset;
      if (end === batch.length) {
        this.batches.shift();
        this.offset = 0;
      } else {
        this.offset = end;
      }
    }
    this.length -= taken;
    return parts.length === 1 ? parts[0]! : parts.flat() as T[];
  }

  clear(): void {
    this.batches = [];
    this.offset = 0;
    this.length = 0;
  }
}
