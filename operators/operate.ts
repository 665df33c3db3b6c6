// The one helper every operator sits on, as RxJS's operators sit on operate(): a stage with one upstream
// subscription and a pump that moves upstream batches through the operator's `handle` while its subscribers
// want events (GenStage's producer_consumer rule). An operator supplies `handle` and, when it needs to, the
// hooks for its own demand (take, rateLimit, buffer, flatMap), its end (batch) and upstream errors (catchError).
import { CoreStage, type CoreOptions } from '../src/core.js';
import { toStage } from '../src/from.js';
import { isBatch } from '../src/iterate.js';
import type { StageBase, StageInput } from '../src/stage.js';
import type { Operator, Source, Stage, Subscription } from '../src/types.js';
import { checkSource, defaultName } from '../src/validate.js';
import { UpstreamDemand } from './upstream-demand.js';

/** One turn of the pump: true = go on, false = nothing to do now, a promise = go on once it settled. */
export type Advance = boolean | PromiseLike<unknown>;

export type OperatorBuffer<B> = Partial<Pick<CoreOptions<B>, 'bufferSize' | 'bufferKeep' | 'onDiscard'>>;

/**
 * Makes an operator from a stage builder: checks the source and wraps a plain iterable as a stage.
 *
 * @example
 * // batch.ts
 * return operate<T, T[]>((source) => new BatchStage(source, size, timeMs));
 */
export function operate<A, B>(build: (source: StageBase<A>) => Stage<B>): Operator<A, B> {
  return (source: Source<A>) => {
    checkSource('source', source);
    return build(toStage(source));
  };
}

export abstract class OperatorStage<A, B> extends CoreStage<B> {
  /** Events this stage's subscribers asked for and did not get yet. */
  protected wanted = 0;
  protected upstream: Subscription<A> | null = null;
  private demand: UpstreamDemand | null = null;
  // In the pump loop, or waiting for what it returned: demand arriving meanwhile is picked up by that loop.
  private busy = false;
  private readonly resume = (): void => {
    this.busy = false;
    this.pump();
  };
  private readonly crash = (error: unknown): void => {
    this.busy = false;
    this.error(error);
  };

  // The stage read from now: `source`, or the fallback catchError switched to.
  private input: StageBase<A>;

  constructor(readonly source: StageBase<A>, kind: string, buffer: OperatorBuffer<B> = {}) {
    super({ name: defaultName(kind), kind, bufferSize: Infinity, bufferKeep: 'last', ...buffer });
    this.input = source;
  }

  /** Handles one upstream batch by emitting what it makes of it; a promise holds the pump until it settles. */
  protected abstract handle(batch: readonly A[]): void | PromiseLike<void>;

  /** The same operator, unstarted, on another upstream. */
  protected abstract copy(source: StageBase<A>): OperatorStage<A, B>;

  override respawn(): StageBase<B> | undefined {
    const source = this.source.respawn();
    return source && this.copy(source);
  }

  override inputs(): readonly StageInput[] {
    return [{ stage: this.input as StageBase<unknown>, options: {} }];
  }

  /** How many more upstream events this stage can use (Infinity: no limit); 0 ends it. */
  protected limit(): number {
    return Infinity;
  }

  /** Whether to take upstream batches now: by default only while subscribers want events. */
  protected wantsInput(): boolean {
    return this.wanted > 0;
  }

  /** Starts asking a new upstream for events: by default GenStage's automatic demand. */
  protected startDemand(upstream: Subscription<A>): void {
    this.demand = new UpstreamDemand(upstream, this.limit());
  }

  /** `count` upstream events were handled: ask for more. */
  protected handled(count: number): void {
    this.demand?.handled(count, this.limit());
  }

  protected onUpstreamEnd(): void {
    this.complete();
  }

  protected onUpstreamError(error: unknown): void {
    this.error(error);
  }

  protected onStart(): void {
    this.attach(this.source);
  }

  protected onDemand(n: number): void {
    this.wanted += n;
    this.pump();
  }

  protected onRelease(): void | Promise<void> {
    return this.detach();
  }

  protected override emit(events: readonly B[]): number {
    const delivered = super.emit(events);
    this.wanted = this.wanted > delivered ? this.wanted - delivered : 0;
    return delivered;
  }

  /** Subscribes to `source` (at start, or a fallback after an error) and pulls from it. */
  protected attach(source: StageBase<A>): void {
    if (this.limit() === 0) {
      this.complete();
      return;
    }
    this.input = source;
    try {
      this.upstream = source.open({});
    } catch (error) {
      this.error(error);
      return;
    }
    this.startDemand(this.upstream);
    this.pump();
  }

  /** Leaves upstream; the promise (if any) settles once upstream was released. */
  protected detach(): void | Promise<void> {
    const upstream = this.upstream;
    this.upstream = null;
    this.demand = null;
    return upstream?.cancel();
  }

  /** Ends early (take has all it needs): releases upstream at once, completes once it was released. */
  protected finish(): void | Promise<void> {
    const released = this.detach();
    if (!released) return this.complete();
    return released.then(
      () => this.complete(),
      (error) => this.error(error),
    );
  }

  /** Runs `advance` while it has work, synchronously as long as nothing returns a promise. */
  protected pump(): void {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.running) {
        const next = this.advance();
        if (next === true) continue;
        if (next !== false) {
          next.then(this.resume, this.crash);
          return;
        }
        break;
      }
    } catch (error) {
      this.error(error);
    }
    this.busy = false;
  }

  /** One turn of the pump: by default, takes one upstream batch and handles it. */
  protected advance(): Advance {
    const upstream = this.upstream;
    if (upstream === null || !this.wantsInput()) return false;
    let next: ReturnType<Subscription<A>['next']>;
    try {
      next = upstream.next();
    } catch (error) {
      return this.upstreamFailed(error);
    }
    if (next === null || isBatch(next)) return this.accept(next);
    return next.then(
      (batch) => this.accept(batch),
      (error) => this.upstreamFailed(error),
    );
  }

  private accept(batch: readonly A[] | null): Advance {
    if (!this.running) return false;
    if (batch === null) {
      this.upstream = null;
      this.demand = null;
      this.onUpstreamEnd();
      return true;
    }
    this.received += batch.length;
    const handling = this.handle(batch);
    if (!handling) {
      this.handled(batch.length);
      return true;
    }
    return handling.then(() => this.handled(batch.length));
  }

  private upstreamFailed(error: unknown): Advance {
    if (!this.running) return false;
    this.upstream = null;
    this.demand = null;
    this.onUpstreamError(error);
    return true;
  }
}
