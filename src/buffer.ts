// The buffer of a stage: events that were produced with no demand to take them (GenStage.Buffer).
// One FIFO queue with GenStage's overflow rules, plus the waiting room of lossless `write()` calls.

export type BufferKeep = 'first' | 'last';

interface Writer<T> {
  events: readonly T[];
  offset: number;
  resolve(): void;
  reject(error: unknown): void;
}

export class Buffer<T> {
  private items: T[] = [];
  private head = 0;
  private writers: Writer<T>[] = [];

  constructor(readonly size: number, readonly keep: BufferKeep) {}

  get length(): number {
    return this.items.length - this.head;
  }

  /** Events still waiting in `write()` calls, not yet admitted to the buffer. */
  get waiting(): number {
    let n = 0;
    for (const w of this.writers) n += w.events.length - w.offset;
    return n;
  }

  /** Stores `events[from..]`; returns how many events the overflow rule discarded. */
  push(events: readonly T[], from = 0): number {
    const incoming = events.length - from;
    if (incoming <= 0) return 0;
    const room = this.size - this.length;
    if (incoming <= room) {
      this.append(events, from);
      return 0;
    }
    if (this.keep === 'first') {
      if (room > 0) this.append(events, from, from + room);
      // The room is negative after `restore()` put events back over the size: none of these fit.
      return incoming - Math.max(room, 0);
    }
    // 'last': the newest `size` events survive, the oldest go first.
    if (incoming >= this.size) {
      const dropped = this.length + incoming - this.size;
      this.items = events.slice(events.length - this.size) as T[];
      this.head = 0;
      return dropped;
    }
    const dropped = incoming - room;
    this.head += dropped;
    this.append(events, from);
    return dropped;
  }

  /**
   * Stores `events[from..]` without losing any: what does not fit waits, in order, until `take()` makes room.
   * Returns undefined when everything fitted at once, else a promise that resolves once it all got in.
   */
  write(events: readonly T[], from = 0): Promise<void> | undefined {
    if (this.writers.length === 0) {
      const room = Math.max(this.size - this.length, 0);
      const fits = Math.min(room, events.length - from);
      if (fits > 0) this.append(events, from, from + fits);
      from += fits;
      if (from >= events.length) return undefined;
    }
    return new Promise((resolve, reject) => this.writers.push({ events, offset: from, resolve, reject }));
  }

  /** Takes up to `n` of the oldest events, then lets waiting writers into the room it made. */
  take(n: number): T[] {
    const length = this.length;
    let out: T[];
    if (n >= length && this.head === 0) {
      out = this.items;
      this.items = [];
    } else {
      const end = this.head + Math.min(n, length);
      out = this.items.slice(this.head, end);
      this.head = end;
      if (this.head === this.items.length) {
        this.items = [];
        this.head = 0;
      } else if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
    }
    if (this.writers.length > 0) this.admitWriters();
    return out;
  }

  /**
   * Puts events that `take()` returned back in front, in their order (the dispatcher could not place them).
   * They may exceed `size` for a while, as `take()` already let waiting writers into the room.
   */
  restore(events: readonly T[]): void {
    const count = events.length;
    if (count <= this.head) {
      this.head -= count;
      for (let i = 0; i < count; i++) this.items[this.head + i] = events[i]!;
    } else {
      this.items = events.concat(this.items.slice(this.head));
      this.head = 0;
    }
  }

  /** Drops everything; pending writers are rejected with `error`. */
  clear(error: unknown): void {
    this.items = [];
    this.head = 0;
    const writers = this.writers;
    this.writers = [];
    for (const w of writers) w.reject(error);
  }

  private admitWriters(): void {
    while (this.writers.length > 0) {
      const w = this.writers[0]!;
      const room = this.size - this.length;
      if (room <= 0) return;
      const fits = Math.min(room, w.events.length - w.offset);
      this.append(w.events, w.offset, w.offset + fits);
      w.offset += fits;
      if (w.offset < w.events.length) return;
      this.writers.shift();
      w.resolve();
    }
  }

  private append(events: readonly T[], from: number, to = events.length): void {
    const items = this.items;
    if (from === 0 && to === events.length && items.length === 0) {
      this.items = events.slice() as T[];
      this.head = 0;
      return;
    }
    for (let i = from; i < to; i++) items.push(events[i]!);
  }
}
