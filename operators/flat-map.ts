import { isBatch } from '../src/iterate.js';
import type { StageBase } from '../src/stage.js';
import type { Operator, Source } from '../src/types.js';
import { checkFunction, checkSource } from '../src/validate.js';
import { innerSource, type InnerSource, type Pulled } from './inner-source.js';
import { OperatorStage, operate, type Advance } from './operate.js';

/**
 * Maps each event to an iterable or async iterable (a stage too) and passes on all its events, one inner source
 * after the other, as RxJS's `concatMap` / the iterator helpers' `flatMap`. Demand-exact: it asks upstream for
 * one event only when the current inner source is exhausted and subscribers still want events, and takes from an
 * inner source no more events than they want.
 *
 * @example
 * await toArray(pipe([1, 2], flatMap((x: number) => [x, x * 10]))); // [1, 10, 2, 20]
 * await toArray(pipe(['a'], flatMap(async function* (id: string) { yield `${id}1`; yield `${id}2`; }))); // ['a1', 'a2']
 */
export function flatMap<A, B>(fn: (value: A, index: number) => Source<B>): Operator<A, B> {
  checkFunction('fn', fn);
  return operate<A, B>((source) => new FlatMapStage(source, fn));
}

class FlatMapStage<A, B> extends OperatorStage<A, B> {
  private inner: InnerSource<B> | null = null;
  // The outer event asked for and not received yet (at most one).
  private asked = false;
  private index = 0;

  constructor(source: StageBase<A>, private readonly fn: (value: A, index: number) => Source<B>) {
    super(source, 'flatMap');
  }

  protected copy(source: StageBase<A>): FlatMapStage<A, B> {
    return new FlatMapStage(source, this.fn);
  }

  // Demand is manual: one outer event at a time, asked in advance() when an inner source is needed.
  protected override startDemand(): void {}

  protected override handled(): void {}

  protected handle(batch: readonly A[]): void {
    this.asked = false;
    const value = batch[0]!;
    const inner = this.fn(value, this.index++);
    checkSource('the result of flatMap fn', inner);
    this.inner = innerSource(inner);
  }

  protected override advance(): Advance {
    if (!this.wantsInput()) return false;
    const inner = this.inner;
    if (inner !== null) {
      const pulled = inner.pull(this.wanted);
      if (pulled === null || isBatch(pulled)) return this.took(pulled);
      return pulled.then((p) => this.took(p));
    }
    if (!this.asked && this.upstream !== null) {
      this.asked = true;
      this.upstream.ask(1);
    }
    return super.advance();
  }

  protected override onRelease(): void | Promise<void> {
    const inner = this.inner;
    this.inner = null;
    const closed = inner?.close();
    const detached = this.detach();
    if (closed || detached) return Promise.all([closed, detached]).then(() => undefined);
  }

  private took(pulled: Pulled<B>): boolean {
    if (pulled === null) this.inner = null;
    else this.emit(pulled);
    return true;
  }
}
