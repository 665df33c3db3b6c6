// The one pull loop: it moves chunks from an Upstream through its owner's handler while the owner wants them,
// synchronously as long as nothing returns a promise, and re-asks upstream as each chunk is handled. Consumers,
// producerConsumer and every operator run on it; none writes a loop of its own.
import { isThenable } from '../validate.js';
import type { Upstream } from './upstream.js';

export interface PumpOwner<T> {
  /** Whether to take another chunk now (a producerConsumer: while its subscribers have demand). */
  wants(): boolean;
  /** The most events the next chunk may hold (merge: what its subscribers want); by default a whole chunk. */
  most?(): number;
  /** Handles one chunk; a promise holds the pump until it settles. */
  handle(chunk: readonly T[]): void | PromiseLike<unknown>;
  /** `count` events were handled: by default the pump re-asks upstream per the min/max rule. */
  handled?(count: number): void;
  /** Upstream completed. */
  ended(): void;
  /** Upstream failed (`upstream` true) or the handler did. */
  failed(error: unknown, upstream: boolean): void;
}

export class Pump<T> {
  private busy = false;
  private stopped = false;
  private arrived: readonly T[] | null = null;
  private readonly resume = (): void => {
    this.busy = false;
    this.run();
  };
  private readonly crash = (error: unknown): void => {
    this.busy = false;
    this.fail(error, true);
  };
  private readonly handlerCrash = (error: unknown): void => {
    this.busy = false;
    this.fail(error, false);
  };

  constructor(readonly upstream: Upstream<T>, private readonly owner: PumpOwner<T>) {
    // Written once more, so the engine treats it as mutable from the start: a field it saw constant, changed when
    // the first pipeline ended, deoptimized every function that had read it.
    this.stopped = false;
  }

  get idle(): boolean {
    return !this.busy;
  }

  /** Pulls and handles while the owner wants chunks; a no-op while a chunk is in progress. */
  run(): void {
    if (this.busy || this.stopped) return;
    this.busy = true;
    // A chunk that arrived later was asked for while the owner wanted it: it is handled whatever the owner says now.
    while (!this.stopped && (this.arrived !== null || this.owner.wants())) {
      let next: readonly T[] | null | undefined = this.arrived;
      if (next !== null) this.arrived = null;
      else {
        try {
          next = this.upstream.request(this.accept, this.crash, this.owner.most);
        } catch (error) {
          this.fail(error, true);
          break;
        }
        if (next === undefined) return;
        if (next === null) {
          this.end();
          break;
        }
      }
      let pending: PromiseLike<unknown> | undefined;
      try {
        pending = this.handle(next);
      } catch (error) {
        this.fail(error, false);
        break;
      }
      if (pending !== undefined) {
        pending.then(this.resume, this.handlerCrash);
        return;
      }
    }
    this.busy = false;
  }

  /** Stops for good: nothing more is pulled or handled. */
  stop(): void {
    this.stopped = true;
    this.arrived = null;
  }

  // A chunk that was not ready when asked for: handled by the loop, so that handlers are called from one place only
  // (called from two, the engine sometimes compiled the handler on its own, and it ran at less than half its speed).
  private readonly accept = (chunk: readonly T[] | null): void => {
    if (this.stopped) {
      this.busy = false;
      return;
    }
    if (chunk === null) {
      this.busy = false;
      this.end();
      return;
    }
    this.arrived = chunk;
    this.resume();
  };

  /** Handles a chunk; returns a promise when the handler is still at work. */
  private handle(chunk: readonly T[]): PromiseLike<unknown> | undefined {
    if (chunk.length === 0) return undefined;
    const result = this.owner.handle(chunk);
    if (isThenable(result)) return (result as PromiseLike<unknown>).then(() => this.handled(chunk.length));
    this.handled(chunk.length);
    return undefined;
  }

  private handled(count: number): void {
    if (this.stopped) return;
    if (this.owner.handled !== undefined) this.owner.handled(count);
    else this.upstream.handled(count);
  }

  private end(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.owner.ended();
  }

  private fail(error: unknown, upstream: boolean): void {
    if (this.stopped) return;
    this.stopped = true;
    this.owner.failed(error, upstream);
  }
}
