// The consumers every library feeds: the same per-event work for all, and what proves exactly-once delivery.

/** Thrown by a consumer once a run passed its deadline, so a very slow library stops instead of hanging the bench. */
export class DeadlineExceeded extends Error {
  constructor(readonly events: number, readonly ms: number) {
    super(`stopped after ${events} events in ${Math.round(ms)} ms`);
  }
}

/** A run's time limit, checked by the consumers every CHECK_EVERY + 1 events (cheap enough for every library). */
export class Deadline {
  /** Set when the run passed its deadline and was stopped. */
  expired: DeadlineExceeded | null = null;
  private started = 0;
  private at = Infinity;

  start(limitMs: number): void {
    this.expired = null;
    this.started = performance.now();
    this.at = this.started + limitMs;
  }

  check(events: number): void {
    const now = performance.now();
    if (now <= this.at) return;
    this.expired = new DeadlineExceeded(events, now - this.started);
    throw this.expired;
  }
}

export const CHECK_EVERY = 0xffff;

/** Counts, sums and marks each event, so a lost or doubled event is caught after the run. */
export class Tally {
  count = 0;
  sum = 0;
  readonly seen: Uint8Array;
  readonly deadline = new Deadline();

  constructor(size: number) {
    this.seen = new Uint8Array(size);
  }

  take(x: number): void {
    this.sum += x;
    this.seen[x]!++;
    if ((++this.count & CHECK_EVERY) === 0) this.deadline.check(this.count);
  }

  takeBatch(xs: readonly number[]): void {
    for (let i = 0; i < xs.length; i++) this.take(xs[i]!);
  }

  /** The first event not seen exactly once, or -1. */
  firstMiss(): number {
    for (let i = 0; i < this.seen.length; i++) if (this.seen[i] !== 1) return i;
    return -1;
  }

  reset(): void {
    this.count = 0;
    this.sum = 0;
    this.seen.fill(0);
  }
}

/** Several consumers of one source: each has its own count and sum, all mark one `seen` map. */
export class Shares {
  readonly counts: number[];
  readonly sums: number[];
  private readonly marks: Tally;

  constructor(readonly consumers: number, size: number) {
    this.counts = new Array<number>(consumers).fill(0);
    this.sums = new Array<number>(consumers).fill(0);
    this.marks = new Tally(size);
  }

  take(k: number, x: number): void {
    if (!(k >= 0 && k < this.consumers)) throw new RangeError(`no consumer ${k} (there are ${this.consumers})`);
    this.counts[k]!++;
    this.sums[k]! += x;
    this.marks.take(x);
  }

  takeBatch(k: number, xs: readonly number[]): void {
    this.takeRange(k, xs, 0, xs.length);
  }

  /** Consumer `k` takes xs[start..end), without the copy a slice would make. */
  takeRange(k: number, xs: readonly number[], start: number, end: number): void {
    for (let i = start; i < end; i++) this.take(k, xs[i]!);
  }

  get total(): Tally {
    return this.marks;
  }

  get deadline(): Deadline {
    return this.marks.deadline;
  }

  reset(): void {
    this.counts.fill(0);
    this.sums.fill(0);
    this.marks.reset();
  }
}

/**
 * S4's consumer: a little sync work per event (count and sum), and every 65,536 events a heap sample and a
 * deadline check. The same cost for every library, and it works inside a loop that never yields.
 */
export class Sink {
  count = 0;
  sum = 0;
  peakHeap = 0;
  readonly deadline = new Deadline();

  reset(): void {
    this.count = 0;
    this.sum = 0;
    this.peakHeap = 0;
  }

  take(x: number): void {
    this.sum += x;
    if ((++this.count & CHECK_EVERY) === 0) this.sample();
  }

  takeBatch(xs: readonly number[]): void {
    for (let i = 0; i < xs.length; i++) this.take(xs[i]!);
  }

  private sample(): void {
    const heap = process.memoryUsage().heapUsed;
    if (heap > this.peakHeap) this.peakHeap = heap;
    this.deadline.check(this.count);
  }
}
