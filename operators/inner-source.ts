// concatMap's inner sources, pulled exactly as far as asked: `pull(n)` returns 1 to n events, or null once the
// inner source is exhausted.
import { toStage } from '../src/stages/from.js';
import { pullIterator } from '../src/protocol/pull.js';
import type { Source } from '../src/types.js';
import { Upstream } from '../src/protocol/upstream.js';

export type Pulled<T> = readonly T[] | null;

export interface InnerSource<T> {
  pull(n: number): Pulled<T> | Promise<Pulled<T>>;
  /** Stops early: runs the iterator's `return()` (a generator's finally) or cancels the subscription. */
  close(): void | Promise<void>;
}

/** Wraps what concatMap's function returned: arrays by index, other iterables by iterator, the rest as a stage. */
export function innerSource<T>(source: Source<T>): InnerSource<T> {
  if (Array.isArray(source)) return new ArrayInner(source);
  if (typeof (source as Iterable<T>)[Symbol.iterator] === 'function' && !(Symbol.asyncIterator in source)) {
    return new IteratorInner((source as Iterable<T>)[Symbol.iterator]());
  }
  return new StageInner(new Upstream(toStage(source), { mode: 'manual' }));
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

  constructor(private readonly upstream: Upstream<T>) {}

  pull(n: number): Pulled<T> | Promise<Pulled<T>> {
    if (this.credit < n) {
      this.upstream.ask(n - this.credit);
      this.credit = n;
    }
    const next = this.upstream.next();
    if (next === null || Array.isArray(next)) return this.took(next as readonly T[] | null);
    return (next as Promise<readonly T[] | null>).then((batch) => this.took(batch));
  }

  close(): void | Promise<void> {
    return this.upstream.cancel();
  }

  private took(batch: readonly T[] | null): Pulled<T> {
    if (batch !== null) this.credit -= batch.length;
    return batch;
  }
}
