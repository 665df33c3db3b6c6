// One subscriber's end of the batch demand protocol: an inbox of delivered batches and a credit counter.
import type { DispatchTarget } from './dispatcher.js';
import type { SubscribeOptions, Subscription } from './types.js';
import { checkInteger } from './validate.js';

/** What a subscription needs from the stage it is subscribed to. */
export interface SubscriptionHost<T> {
  ask(subscription: StageSubscription<T>, n: number): void;
  cancel(subscription: StageSubscription<T>, reason: unknown): void | Promise<void>;
}

const OPEN = 0;
const ENDED = 1;
const FAILED = 2;
const CANCELLED = 3;

export class StageSubscription<T> implements Subscription<T>, DispatchTarget<T> {
  /** Events asked for, and events delivered: their difference is the outstanding demand. */
  asked = 0;
  delivered = 0;
  private inbox: (readonly T[])[] = [];
  private resolve: ((batch: readonly T[] | null) => void) | null = null;
  private reject: ((error: unknown) => void) | null = null;
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
    if (signal?.aborted) {
      this.state = FAILED;
      this.error = signal.reason;
    } else if (signal) {
      this.onAbort = () => this.abort(signal.reason);
      signal.addEventListener('abort', this.onAbort, { once: true });
    }
  }

  get open(): boolean {
    return this.state === OPEN;
  }

  ask(n: number): void {
    if (!(n >= 0) || !Number.isInteger(n)) checkInteger('ask: n', n, 0);
    if (n === 0 || this.state !== OPEN) return;
    this.asked += n;
    this.host.ask(this, n);
  }

  next(): Promise<readonly T[] | null> | readonly T[] | null {
    if (this.inbox.length > 0) {
      // The stage ended, then the consumer aborted before taking all of it: it stops here, as it would have before.
      if (this.state === ENDED && this.options.signal?.aborted) this.abortEnded(this.options.signal.reason);
      else return this.inbox.shift()!;
    }
    if (this.state === OPEN) {
      if (this.resolve !== null) throw new Error('next() was called while a previous next() is still pending');
      return new Promise((resolve, reject) => {
        this.resolve = resolve;
        this.reject = reject;
      });
    }
    if (this.state === FAILED) throw this.error;
    return null;
  }

  cancel(reason?: unknown): void | Promise<void> {
    if (this.state !== OPEN) return this.released;
    this.finish(CANCELLED);
    this.inbox = [];
    this.settle(null);
    return this.host.cancel(this, reason);
  }

  deliver(events: readonly T[]): void {
    this.delivered += events.length;
    const resolve = this.resolve;
    if (resolve !== null) {
      this.resolve = this.reject = null;
      resolve(events);
    } else {
      this.inbox.push(events);
    }
  }

  /** The stage is done: `next()` answers null once the inbox is empty. */
  end(): void {
    if (this.state !== OPEN) return;
    this.finish(ENDED);
    this.settle(null);
  }

  /** The stage failed: `next()` throws `error` once the inbox is empty. */
  fail(error: unknown): void {
    if (this.state !== OPEN) return;
    this.finish(FAILED);
    this.error = error;
    const reject = this.reject;
    if (reject !== null) {
      this.resolve = this.reject = null;
      reject(error);
    }
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

  private settle(value: null): void {
    const resolve = this.resolve;
    if (resolve !== null) {
      this.resolve = this.reject = null;
      resolve(value);
    }
  }
}
