// ordered: true. Batches are numbered as they are sent; a batch's results wait here until every batch sent
// before it came back. The wait is bounded: a worker whose results wait gets no new credit meanwhile.

export class Reorder<E> {
  private readonly waiting = new Map<number, E>();
  private next = 0;

  get size(): number {
    return this.waiting.size;
  }

  /** Files batch `seq` and returns the batches now in order (possibly none). */
  put(seq: number, entry: E): E[] {
    if (seq !== this.next) {
      this.waiting.set(seq, entry);
      return [];
    }
    const ready = [entry];
    this.next++;
    for (let e = this.waiting.get(this.next); e !== undefined; e = this.waiting.get(this.next)) {
      this.waiting.delete(this.next);
      ready.push(e);
      this.next++;
    }
    return ready;
  }

  clear(): void {
    this.waiting.clear();
  }
}
