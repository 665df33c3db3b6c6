// One subscriber's end of the batch demand protocol: an inbox of delivered batches and a credit counter.
import type { DispatchTarget } from '../dispatchers/dispatcher.js';
import type { SubscribeOptions, Subscription } from '../types.js';
import { checkInteger } from '../validate.js';

/** What a subscription needs from the stage it is subscribed to. */
export interface SubscriptionHost<T> {
  ask(subscription: StageSubscription<T>, n: number): void;
  cancel(subscription: StageSubscription<T>, reason: unknown): void | Promise<void>;
  /** Counts events delivered to any of its subscribers (stats). */
  emitted: number;
  /** Subscribers open now. */
  readonly subscriberCount: number;
}

const OPEN = 0;
const ENDED = 1;
const FAILED = 2;
const CANCELLED = 3;

/** One pending `next()`: told the batch (null: the end) or the error, at once (a promise's resolve, which defers). */
export interface Waiter<T> {
  resolve(batch: readonly T[] | null): void;
  reject(error: unknown): void;
}

/** What `poll()` answers when nothing can be said now: the caller waits. */
const WAIT = Symbol('wait');

export class StageSubscription<T> implements Subscription<T>, DispatchTarget<T> {
  /** Events asked for, and events delivered: their difference is the outstanding demand. */
  asked = 0;
  delivered = 0;
  private inbox: (readonly T[])[] = [];
  // Overlapping next() calls wait in line, as an async generator's do.
  private waiters: Waiter<T>[] = [];
  private state = OPEN;
  private error: unknown;
  private onAbort: (() => void) | null = null;
  // Upstream's release after an abort, so a consumer can wait until nothing is left running.
  private released: Promise<void> | undefined;

  constructor(
    private readonly host: SubscriptionHost<T>,
    readonly options: Readonly<SubscribeOptions<T>>,
    readonly id: number,
  ) {
    const signal = options.signal;
    // Always written here, so the engine treats `state` as mutable from the first subscription on: a field it saw
    // constant was then changed when the first pipeline ended, which deoptimized every function that had read it.
    this.state = signal?.aborted ? FAILED : OPEN;
    if (signal?.aborted) this.error = signal.reason;
  }

  get open(): boolean {
    return this.state === OPEN;
  }

  /** Other subscribers share the stage (consumers of one source take turns). */
  get shared(): boolean {
    return this.host.subscriberCount > 1;
  }

  /** The stage accepted this subscriber: from now on an abort of its signal cancels it. */
  activate(): void {
    const signal = this.options.signal;
    if (signal === undefined || this.state !== OPEN) return;
    this.onAbort = () => this.abort(signal.reason);
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  ask(n: number): void {
    if (!(n >= 0) || !Number.isInteger(n)) checkInteger('ask: n', n, 0);
    if (n === 0 || this.state !== OPEN) return;
    this.asked += n;
    this.host.ask(this, n);
  }

  next(): Promise<readonly T[] | null> | readonly T[] | null {
    const now = this.poll();
    if (now !== WAIT) return now;
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /**
   * As `next()` for the library's own readers, without a promise: what is ready now is returned; otherwise `waiter`
   * is told later (it must defer its work, as a promise would) and undefined is returned.
   */
  park(waiter: Waiter<T>): readonly T[] | null | undefined {
    const now = this.poll();
    if (now !== WAIT) return now;
    this.waiters.push(waiter);
    return undefined;
  }

  // A batch, null (the end), a throw (the failure), or WAIT.
  private poll(): readonly T[] | null | typeof WAIT {
    if (this.inbox.length > 0 && this.waiters.length === 0) {
      // The stage ended, then the consumer aborted before taking all of it: it stops here, as it would have before.
      if (this.state === ENDED && this.options.signal?.aborted) this.abortEnded(this.options.signal.reason);
      else return this.inbox.shift()!;
    }
    if (this.state === OPEN) return WAIT;
    if (this.state === FAILED) throw this.error;
    return null;
  }

  cancel(reason?: unknown): void | Promise<void> {
    if (this.state !== OPEN) return this.released;
    this.finish(CANCELLED);
    this.inbox = [];
    this.settleAll();
    return this.host.cancel(this, reason);
  }

  deliver(events: readonly T[]): void {
    this.delivered += events.length;
    this.host.emitted += events.length;
    const waiter = this.waiters.shift();
    if (waiter !== undefined) waiter.resolve(events);
    else this.inbox.push(events);
  }

  /** The stage is done: `next()` answers null once the inbox is empty. */
  end(): void {
    if (this.state !== OPEN) return;
    this.finish(ENDED);
    this.settleAll();
  }

  /** The stage failed: `next()` throws `error` once the inbox is empty. */
  fail(error: unknown): void {
    if (this.state !== OPEN) return;
    this.finish(FAILED);
    this.error = error;
    this.settleAll();
  }

  /** The stage refused this subscriber: nothing of it may stay behind. */
  dispose(): void {
    this.finish(CANCELLED);
  }

  private abort(reason: unknown): void {
    if (this.state !== OPEN) return;
    this.inbox = [];
    this.fail(reason);
    // The consumer learns of the abort through next(); a later cancel() waits for the release.
    const released = this.host.cancel(this, reason);
    if (released) {
      released.catch(() => undefined);
      this.released = released;
    }
  }

  private abortEnded(reason: unknown): void {
    this.inbox = [];
    this.state = FAILED;
    this.error = reason;
  }

  private finish(state: number): void {
    this.state = state;
    if (this.onAbort) {
      this.options.signal!.removeEventListener('abort', this.onAbort);
      this.onAbort = null;
    }
  }

  // Waiters in line after the stage ended or failed get what a later next() would: null or the error.
  private settleAll(): void {
    // Emptied in place, not replaced (see the constructor about fields the engine saw constant).
    const waiters = this.waiters.splice(0);
    for (const waiter of waiters) {
      if (this.state === FAILED) waiter.reject(this.error);
      else waiter.resolve(null);
    }
  }
}
