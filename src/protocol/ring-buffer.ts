// The buffer of a stage: events produced with no demand to take them (GenStage.Buffer), in a ring that grows
// by doubling up to its bound and never beyond, so a lossy buffer that drops millions of events keeps a
// constant footprint. Lossless `write()` calls wait in line behind it, and are served straight from the
// line when the ring has no room at all (`bufferSize: 0`).

export type BufferKeep = 'first' | 'last';

interface Writer<T> {
  readonly events: readonly T[];
  offset: number;
  resolve(): void;
  reject(error: unknown): void;
}

const MIN_CAPACITY = 16;

export class RingBuffer<T> {
  private ring: (T | undefined)[] = [];
  private head = 0;
  private count = 0;
  private writers: Writer<T>[] = [];
  // Events the last take() read from the writers' line, not yet placed: a writer resolves only once its events
  // found their place, and those the dispatcher hands back go back to their writers, not into a full ring.
  private provisional = 0;
  // Where each writer touched by that take() stood before it.
  private starts: number[] = [];

  constructor(readonly size: number, readonly keep: BufferKeep) {}

  /** Events held in the ring. */
  get length(): number {
    return this.count;
  }

  /** Events still waiting in `write()` calls, not yet admitted to the ring. */
  get waiting(): number {
    let n = 0;
    for (const w of this.writers) n += w.events.length - w.offset;
    return n;
  }

  /** Everything held: the ring and the writers' lines. */
  get held(): number {
    return this.writers.length === 0 ? this.count : this.count + this.waiting;
  }

  /** Stores `events[from..]` by the overflow rule; returns how many events were discarded. */
  push(events: readonly T[], from = 0): number {
    const incoming = events.length - from;
    if (incoming <= 0) return 0;
    // Lossless writes wait in line: the buffer is full, and pushed events may not overtake the written ones,
    // so they are the ones dropped, whichever end `keep` would drop otherwise.
    if (this.writers.length > 0) return incoming;
    const room = this.size - this.count;
    if (incoming <= room) {
      this.append(events, from, events.length);
      return 0;
    }
    if (this.keep === 'first') {
      if (room > 0) this.append(events, from, from + room);
      // The room is negative after restore() put events back over the size: none of these fit.
      return incoming - Math.max(room, 0);
    }
    // 'last': the newest `size` events survive, the oldest go first.
    if (incoming >= this.size) {
      const dropped = this.count + incoming - this.size;
      this.reset();
      this.append(events, events.length - this.size, events.length);
      return dropped;
    }
    const dropped = this.count + incoming - this.size;
    this.dropOldest(dropped);
    this.append(events, from, events.length);
    return dropped;
  }

  /**
   * Stores `events[from..]` without losing any: what does not fit waits in line, in order, until `take()`
   * reaches it. Returns undefined when everything fitted at once, else a promise settled once all was taken in.
   */
  write(events: readonly T[], from = 0): Promise<void> | undefined {
    if (this.writers.length === 0) {
      const fits = Math.min(Math.max(this.size - this.count, 0), events.length - from);
      if (fits > 0) this.append(events, from, from + fits);
      from += fits;
      if (from >= events.length) return undefined;
    }
    return new Promise((resolve, reject) => this.writers.push({ events, offset: from, resolve, reject }));
  }

  /** Takes up to `n` of the oldest events: from the ring, then from the writers' line. */
  take(n: number): T[] {
    this.commit();
    const fromRing = Math.min(n, this.count);
    // Filled by push so that it is packed (see protocol/pull.ts).
    const out: T[] = [];
    const ring = this.ring;
    const mask = ring.length - 1;
    for (let i = 0; i < fromRing; i++) {
      const at = (this.head + i) & mask;
      out.push(ring[at] as T);
      ring[at] = undefined;
    }
    this.head = fromRing === 0 ? this.head : (this.head + fromRing) & mask;
    this.count -= fromRing;
    // The writers' line is the buffer's tail: what the ring cannot serve comes from it, provisionally (see restore).
    if (fromRing < n && this.writers.length > 0) this.takeFromWriters(out, n);
    return out;
  }

  /** Lets waiting writers into the room the last takes made (once what was taken found its place). */
  admit(): void {
    if (this.writers.length === 0) return;
    this.commit();
    this.admitWriters();
  }

  /** Puts events that `take()` returned back in front, in their order (the dispatcher could not place them). */
  restore(events: readonly T[]): void {
    const count = events.length;
    if (count === 0) return;
    // The tail of what was taken came from the writers: it goes back to them, the rest to the front of the ring.
    const back = Math.min(count, this.provisional);
    if (back > 0) this.giveBack(back);
    this.putFront(events, count - back);
  }

  private putFront(events: readonly T[], count: number): void {
    if (count === 0) return;
    this.ensure(this.count + count);
    const mask = this.ring.length - 1;
    this.head = (this.head - count) & mask;
    for (let i = 0; i < count; i++) this.ring[(this.head + i) & mask] = events[i]!;
    this.count += count;
  }

  /** Drops everything; waiting writers are rejected with `error`. Returns how many events were held. */
  clear(error: unknown): number {
    const held = this.held;
    this.reset();
    this.ring = [];
    this.rejectWriters(error);
    return held;
  }

  /** Rejects the writers still waiting (a stop that drops their events); the ring is kept. */
  rejectWriters(error: unknown): void {
    const writers = this.writers;
    this.writers = [];
    for (const w of writers) w.reject(error);
  }

  private takeFromWriters(out: T[], n: number): void {
    const before = out.length;
    this.starts.length = 0;
    for (let k = 0; k < this.writers.length && out.length < n; k++) {
      const w = this.writers[k]!;
      this.starts.push(w.offset);
      const end = Math.min(w.events.length, w.offset + n - out.length);
      for (let i = w.offset; i < end; i++) out.push(w.events[i]!);
      w.offset = end;
    }
    this.provisional = out.length - before;
  }

  /** The last `count` events taken from the writers' line go back to their writers, who keep waiting. */
  private giveBack(count: number): void {
    let left = count;
    for (let k = this.starts.length - 1; k >= 0 && left > 0; k--) {
      const w = this.writers[k]!;
      const taken = Math.min(left, w.offset - this.starts[k]!);
      w.offset -= taken;
      left -= taken;
    }
    this.commit();
  }

  /** Writers whose events were all placed resolve. */
  private commit(): void {
    this.provisional = 0;
    while (this.writers.length > 0 && this.writers[0]!.offset === this.writers[0]!.events.length) this.writers.shift()!.resolve();
  }

  private admitWriters(): void {
    while (this.writers.length > 0) {
      const w = this.writers[0]!;
      const room = this.size - this.count;
      if (room <= 0) return;
      const fits = Math.min(room, w.events.length - w.offset);
      this.append(w.events, w.offset, w.offset + fits);
      w.offset += fits;
      if (w.offset < w.events.length) return;
      this.writers.shift();
      w.resolve();
    }
  }

  private append(events: readonly T[], from: number, to: number): void {
    const incoming = to - from;
    if (incoming <= 0) return;
    this.ensure(this.count + incoming);
    const ring = this.ring;
    const mask = ring.length - 1;
    let at = (this.head + this.count) & mask;
    for (let i = from; i < to; i++) {
      ring[at] = events[i];
      at = (at + 1) & mask;
    }
    this.count += incoming;
  }

  private dropOldest(n: number): void {
    const ring = this.ring;
    const mask = ring.length - 1;
    for (let i = 0; i < n; i++) ring[(this.head + i) & mask] = undefined;
    this.head = (this.head + n) & mask;
    this.count -= n;
  }

  private reset(): void {
    this.ring.fill(undefined);
    this.head = 0;
    this.count = 0;
  }

  // Capacity is a power of two, doubled as needed: a bounded ring stops growing once it holds `size` events.
  private ensure(needed: number): void {
    const capacity = this.ring.length;
    if (needed <= capacity) return;
    let next = Math.max(capacity, MIN_CAPACITY);
    while (next < needed) next *= 2;
    const ring = new Array<T | undefined>(next);
    const mask = capacity - 1;
    for (let i = 0; i < this.count; i++) ring[i] = this.ring[(this.head + i) & mask];
    this.ring = ring;
    this.head = 0;
  }
}
