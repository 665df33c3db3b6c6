// What a stage holds for its subscribers, and how it hands it to them: the buffer (events made with no demand to
// take them) in front of the dispatcher (who gets which event). Held events always go first, as far as the
// subscribers can take them, so none waits while a subscriber that may take it has demand.
import type { Dispatcher } from '../dispatchers/dispatcher.js';
import { ChunkQueue } from '../protocol/chunk-queue.js';
import { RingBuffer, type BufferKeep } from '../protocol/ring-buffer.js';

/** What the outbox tells its stage. */
export interface OutboxOwner {
  /** `count` events went to subscribers (or to their partition queues). */
  placed(count: number): void;
  /** The overflow rule dropped `count` events. */
  discarded(count: number): void;
  /** A user's selector or hash threw: nothing can be placed any more. */
  crashed(error: unknown): void;
  /** Demand the last dispatch gave back (broadcast selectors), as one ask. */
  credited(n: number): void;
}

export class Outbox<T> {
  private readonly buffer: RingBuffer<T> | ChunkQueue<T>;
  private flushing = false;
  private settling = false;
  /** Nothing more may be dispatched (the stage finished). */
  closed = false;

  constructor(
    size: number,
    keep: BufferKeep,
    readonly dispatcher: Dispatcher<T>,
    private readonly owner: OutboxOwner,
  ) {
    // Unbounded, it never drops or makes a writer wait: batches are kept whole instead of copied into a ring.
    this.buffer = size === Infinity ? new ChunkQueue<T>() : new RingBuffer<T>(size, keep);
    // Written once more, so the engine treats it as mutable from the start: a field it saw constant, changed when
    // the first pipeline ended, deoptimized every function that had read it.
    this.closed = false;
  }

  /** Events in the buffer. */
  get length(): number {
    return this.buffer.length;
  }

  /** Everything held: the buffer and the waiting writes. */
  get held(): number {
    return this.buffer.held;
  }

  /** Held here or in the dispatcher's own queues. */
  get holding(): number {
    return this.buffer.held + (this.dispatcher.buffered?.() ?? 0);
  }

  /** New events: to the subscribers, or behind what is held. Returns how many went out now. */
  emit(events: readonly T[]): number {
    if (this.buffer.held > 0) {
      // Older events wait in the buffer: new ones queue behind them, so no subscriber sees them out of order.
      const before = this.buffer.held;
      this.store(events);
      const served = this.flush();
      // For the dispatcher they are leftovers of a dispatch, as GenStage's would be.
      this.dispatcher.queued?.(events.length - Math.max(served - before, 0));
      this.settle();
      return served;
    }
    const leftovers = this.dispatch(events);
    if (leftovers !== undefined) this.store(leftovers);
    this.settle();
    return events.length - (leftovers?.length ?? 0);
  }

  /** New events, none lost: resolves once every one was delivered or taken into the buffer. */
  emitLossless(events: readonly T[]): Promise<void> | undefined {
    const leftovers = this.buffer.held > 0 ? events : this.dispatch(events);
    if (leftovers === undefined || leftovers.length === 0) {
      this.settle();
      return undefined;
    }
    const written = this.buffer.write(leftovers);
    this.flush();
    this.settle();
    return written;
  }

  /** As GenStage's take_from_buffer: up to `n` held events go to the dispatcher; returns how many were taken. */
  take(n: number): number {
    if (n <= 0 || this.flushing || this.buffer.held === 0 || this.closed) return 0;
    const taken = Math.min(n, this.buffer.held);
    this.pass(n);
    return taken;
  }

  /** Held events go out as far as subscribers can take them; returns how many went out. */
  flush(): number {
    if (this.flushing) return 0;
    this.flushing = true;
    let served = 0;
    try {
      while (this.buffer.held > 0 && !this.closed) {
        const room = this.dispatcher.demand();
        if (room <= 0) break;
        const taken = Math.min(room, this.buffer.held);
        const back = this.pass(room);
        served += taken - back;
        if (back > 0) {
          // Handed back while a subscriber still has demand (a partition's events held behind others'): its own
          // may lie beyond the events looked at, so one pass looks at all that is held.
          const held = this.buffer.held;
          if (this.dispatcher.demand() > 0 && held > back) served += held - this.pass(held);
          break;
        }
      }
    } finally {
      this.flushing = false;
    }
    return served;
  }

  /** The `n` oldest held events go to the dispatcher, what it hands back returns to the front; returns that count. */
  private pass(n: number): number {
    const events = this.buffer.take(n);
    const leftovers = this.dispatch(events);
    const back = leftovers?.length ?? 0;
    if (back > 0) this.buffer.restore(leftovers!);
    // Room the placed events made lets waiting writers in, behind what was handed back.
    this.buffer.admit();
    return back;
  }

  /** Drops everything; waiting writes reject with `error`. */
  clear(error: unknown): void {
    this.buffer.clear(error);
  }

  /** Waiting writes reject with `error`; what the buffer holds stays. */
  rejectWriters(error: unknown): void {
    this.buffer.rejectWriters(error);
  }

  private dispatch(events: readonly T[]): readonly T[] | undefined {
    if (events.length === 0) return undefined;
    let leftovers: readonly T[] | undefined;
    try {
      leftovers = this.dispatcher.dispatch(events);
    } catch (error) {
      this.owner.crashed(error);
      return undefined;
    }
    const placed = events.length - (leftovers?.length ?? 0);
    if (placed > 0) this.owner.placed(placed);
    return leftovers;
  }

  private store(events: readonly T[]): void {
    const discarded = this.buffer.push(events);
    if (discarded > 0) this.owner.discarded(discarded);
  }

  /**
   * Demand the past dispatches gave back, each as an ask of its own, in the order they arose: called once the
   * operation that dispatched is over, so its own demand is forwarded first. Credits that arise meanwhile join the
   * queue and are taken by the loop already running, not by a nested one.
   */
  settle(): void {
    const dispatcher = this.dispatcher;
    if (this.settling || dispatcher.takeCredit === undefined) return;
    this.settling = true;
    try {
      for (let n = dispatcher.takeCredit(); n !== undefined; n = dispatcher.takeCredit()) this.owner.credited(n);
    } finally {
      this.settling = false;
    }
  }
}
