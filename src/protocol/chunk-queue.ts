// Events kept as the batches they came in: the buffer of a stage whose buffer is unbounded (`bufferSize:
// Infinity`: from, producerConsumer, operators, merge), and the events `workers()` has not sent to a thread yet.
// Nothing is ever dropped and no write ever waits, so events need no ring. Batches are handed on whole where they
// can be; the ring copied every buffered event in and out, which cost a fused pipeline a fifth of its time. They
// are taken by reference: they are the stage's own (its slices, its handlers' results), never an array a caller
// may still change (producer.push copies).

const NONE: readonly never[] = [];

export class ChunkQueue<T> {
  private chunks: (readonly T[])[] = [];
  // Events of the first chunk already taken.
  private offset = 0;
  private count = 0;

  /** Events held. */
  get length(): number {
    return this.count;
  }

  /** Everything held: there is no line of writers. */
  get held(): number {
    return this.count;
  }

  /** Stores `events[from..]`; nothing is ever discarded. */
  push(events: readonly T[], from = 0): number {
    const incoming = events.length - from;
    if (incoming <= 0) return 0;
    this.chunks.push(from === 0 ? events : events.slice(from));
    this.count += incoming;
    return 0;
  }

  /** As `push`: there is always room, so it never waits. */
  write(events: readonly T[], from = 0): undefined {
    this.push(events, from);
    return undefined;
  }

  /** Takes the `min(n, held)` oldest events: the first batch itself when it is exactly that. */
  take(n: number): readonly T[] {
    const wanted = Math.min(n, this.count);
    if (!(wanted > 0)) return NONE;
    const head = this.chunks[0]!;
    const offset = this.offset;
    if (wanted <= head.length - offset) {
      this.count -= wanted;
      if (offset + wanted === head.length) {
        this.chunks.shift();
        this.offset = 0;
        return offset === 0 ? head : head.slice(offset);
      }
      this.offset = offset + wanted;
      return head.slice(offset, offset + wanted);
    }
    return this.gather(wanted);
  }

  /** Nothing waits to be admitted. */
  admit(): void {}

  /** Puts events that `take()` returned back in front, in their order (the dispatcher could not place them). */
  restore(events: readonly T[]): void {
    if (events.length === 0) return;
    if (this.offset > 0) {
      this.chunks[0] = this.chunks[0]!.slice(this.offset);
      this.offset = 0;
    }
    this.chunks.unshift(events);
    this.count += events.length;
  }

  /** Drops everything. Returns how many events were held. */
  clear(_error?: unknown): number {
    const held = this.count;
    this.chunks = [];
    this.offset = 0;
    this.count = 0;
    return held;
  }

  /** There are no writers to reject. */
  rejectWriters(_error?: unknown): void {}

  // A take across batches: one new array, filled by push so that it is packed (see protocol/pull.ts).
  private gather(wanted: number): T[] {
    const out: T[] = [];
    while (out.length < wanted) {
      const head = this.chunks[0]!;
      const end = Math.min(head.length, this.offset + wanted - out.length);
      for (let i = this.offset; i < end; i++) out.push(head[i]!);
      if (end === head.length) {
        this.chunks.shift();
        this.offset = 0;
      } else {
        this.offset = end;
      }
    }
    this.count -= wanted;
    return out;
  }
}
