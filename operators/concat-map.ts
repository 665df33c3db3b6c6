import type { StageBase } from '../src/stages/stage.js';
import type { Operator, Source } from '../src/types.js';
import { checkFunction, checkSource } from '../src/validate.js';
import { innerSource, type InnerSource, type Pulled } from './inner-source.js';
import { OperatorStage, operate } from './operate.js';

/**
 * Maps each event to an iterable or async iterable (a stage too) and passes on all its events, one inner source
 * after the other, as RxJS's `concatMap` / the iterator helpers' `flatMap`. Demand-exact: it asks upstream for
 * one event only when the current inner source is exhausted and subscribers still want events, and takes from an
 * inner source no more events than they want. To read several inner sources at once, use `mergeMap`.
 *
 * @example
 * await toArray(pipe([1, 2], concatMap((x: number) => [x, x * 10]))); // [1, 10, 2, 20]
 * await toArray(pipe(['a'], concatMap(async function* (id: string) { yield `${id}1`; yield `${id}2`; }))); // ['a1', 'a2']
 */
export function concatMap<A, B>(fn: (value: A, index: number) => Source<B>): Operator<A, B> {
  checkFunction('fn', fn);
  return operate<A, B>((source) => new ConcatMapStage(source, fn));
}

/**
 * The same operator as `concatMap` (one inner source at a time, in order), under the iterator helpers' name. Not
 * RxJS's `flatMap`, which is an alias of `mergeMap`: for concurrent inner sources, use `mergeMap`.
 *
 * @example
 * await toArray(pipe([1, 2], flatMap((x: number) => [x, -x]))); // [1, -1, 2, -2]
 */
export const flatMap: typeof concatMap = concatMap;

class ConcatMapStage<A, B> extends OperatorStage<A, B> {
  private inner: InnerSource<B> | null = null;
  // The outer event asked for and not received yet (at most one).
  private asked = false;
  private pulling = false;
  private index = 0;

  constructor(source: StageBase<A>, private readonly fn: (value: A, index: number) => Source<B>) {
    super(source, 'concatMap');
  }

  protected copy(source: StageBase<A>): ConcatMapStage<A, B> {
    return new ConcatMapStage(source, this.fn);
  }

  // One outer event at a time: asked only when the inner source before it is exhausted.
  protected override upstreamMode(): 'manual' {
    return 'manual';
  }

  protected override wantsInput(): boolean {
    if (this.inner !== null || this.wanted === 0) return false;
    if (!this.asked && this.upstream !== null) {
      this.asked = true;
      this.upstream.ask(1);
    }
    return true;
  }

  protected override handled(): void {}

  protected handle(batch: readonly A[]): void {
    this.asked = false;
    const value = batch[0]!;
    const inner = this.fn(value, this.index++);
    checkSource('the result of concatMap fn', inner);
    this.inner = innerSource(inner);
    this.drainInner();
  }

  protected override onDemandChange(): void {
    if (this.inner !== null) this.drainInner();
    else this.resume();
  }

  protected override onRelease(): void | Promise<void> {
    const inner = this.inner;
    this.inner = null;
    const closed = inner?.close();
    const detached = this.detach();
    if (closed || detached) return Promise.all([closed, detached]).then(() => undefined);
  }

  /** Passes on the inner source's events while subscribers want them; back to the outer source once it is done. */
  private drainInner(): void {
    if (this.pulling) return;
    try {
      while (this.inner !== null && this.running && this.wanted > 0) {
        const pulled = this.inner.pull(this.wanted);
        if (pulled !== null && !Array.isArray(pulled)) {
          this.pulling = true;
          (pulled as Promise<readonly B[] | null>).then(
            (events) => {
              this.pulling = false;
              this.took(events);
              this.onDemandChange();
            },
            (error: unknown) => {
              this.pulling = false;
              this.error(error);
            },
          );
          return;
        }
        this.took(pulled as readonly B[] | null);
      }
    } catch (error) {
      this.error(error);
      return;
    }
    if (this.inner === null) this.resume();
  }

  private took(pulled: readonly B[] | null): void {
    if (!this.running) return;
    if (pulled === null) this.inner = null;
    else this.emit(pulled);
  }
}
