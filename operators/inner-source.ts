// flatMap's inner sources, pulled exactly as far as asked: `pull(n)` returns 1 to n events, or null once the
// inner source is exhausted.
import { toStage } from '../src/from.js';
import { isBatch } from '../src/iterate.js';
import { pullIterator } from '../src/pull.js';
import type { Source, Subscription } from '../src/types.js';
import { ManualDemand } from './manual-demand.js';

export type Pulled<T> = readonly T[] | null;

export interface InnerSource<T> {
  pull(n: number): Pulled<T> | Promise<Pulled<T>>;
  /** Stops early: runs the iterator's `return()` (a generator's finally) or cancels the subscription. */
  close(): void | Promise<void>;
}

/** Wraps what flatMap's function returned: arrays by index, other iterables by iterator, the rest as a stage. */
export function innerSource<T>(source: Source<T>): InnerSource<T> {
  if (Array.isArray(source)) return new ArrayInner(source);
  if (typeof (source as Iterable<T>)[Symbol.iterator] === 'function' && !(Symbol.asyncIterator in source)) {
    return new IteratorInner((source as Iterable<T>)[Symbol.iterator]());
  }
  return new StageInner(toStage(source).open({}));
}

class ArrayInner<T> implements InnerSource<T> {
  private position = 0;

  constructor(private readonly items: readonly T[]) {}

  pull(n: number): Pulled<T> {
    const start = this.position;
    if (start >= this.items.length) return null;
    this.position = Math.min(start + n, this.items.length);
    return start === 0 && this.position === this.items.length ? this.items : this.items.slice(start, this.position);
  }

  close(): void {}
}

class IteratorInner<T> implements InnerSource<T> {
  private done = false;
  // An error thrown after some events: those are returned first, the error on the next pull.
  private failure: { error: unknown } | null = null;

  constructor(private readonly iterator: Iterator<T>) {}

  pull(n: number): Pulled<T> {
    if (this.failure) throw this.failure.error;
    if (this.done) return null;
    const { items, done, failure } = pullIterator(this.iterator, n);
    this.done = done;
    if (failure) {
      if (items.length === 0) throw failure.error;
      this.failure = failure;
    }
    return items.length === 0 ? null : items;
  }

  close(): void {
    if (this.done) return;
    this.done = true;
    this.iterator.return?.();
  }
}

// Async iterables (and stages) go through a manual subscription, so they too are asked for exactly `n`.
class StageInner<T> implements InnerSource<T> {
  private credit = 0;
  private readonly demand: ManualDemand;

  constructor(private readonly subscription: Subscription<T>) {
    this.demand = new ManualDemand(subscription);
  }

  pull(n: number): Pulled<T> | Promise<Pulled<T>> {
    if (this.credit < n) {
      this.demand.ask(n - this.credit);
      this.credit = n;
    }
    const next = this.subscription.next();
    if (next === null || isBatch(next)) return this.took(next);
    return next.then((batch) => this.took(batch));
  }

  close(): void | Promise<void> {
    return this.subscription.cancel();
  }

  private took(batch: readonly T[] | null): Pulled<T> {
    if (batch !== null) this.credit -= batch.length;
    return batch;
  }
}
