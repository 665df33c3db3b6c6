// The one helper every operator sits on, as RxJS's operators sit on operate(): a stage with one Upstream and the
// shared Pump, which moves upstream chunks through the operator's `handle` while its subscribers want events
// (GenStage's producer_consumer rule). An operator supplies `handle` and, when it needs to, the hooks for its
// own demand (take, rateLimit, buffer, flatMap), its end (batch) and upstream errors (catchError, retry).
import { CoreStage, type CoreOptions } from '../src/stages/core.js';
import { toStage } from '../src/stages/from.js';
import { Pump, type PumpOwner } from '../src/protocol/pump.js';
import { Upstream } from '../src/protocol/upstream.js';
import type { StageBase, StageInput } from '../src/stages/stage.js';
import type { Operator, Source, Stage } from '../src/types.js';
import { checkSource, defaultName } from '../src/validate.js';

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
  protected upstream: Upstream<A> | null = null;
  private pump: Pump<A> | null = null;
  // The stage read from now: `source`, or the fallback catchError switched to.
  private input: StageBase<A>;

  constructor(readonly source: StageBase<A>, kind: string, buffer: OperatorBuffer<B> = {}) {
    super({ name: defaultName(kind), kind, bufferSize: Infinity, bufferKeep: 'last', ...buffer });
    this.input = source;
  }

  /** Handles one upstream chunk by emitting what it makes of it; a promise holds the pump until it settles. */
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

  /** Whether to take upstream chunks now: by default only while subscribers want events. */
  protected wantsInput(): boolean {
    return this.wanted > 0;
  }

  /** 'automatic': GenStage's min/max demand upstream (the default). 'manual': the operator asks itself. */
  protected upstreamMode(): 'automatic' | 'manual' {
    return 'automatic';
  }

  /** `count` upstream events were handled: by default re-asks per the min/max rule, within `limit()`. */
  protected handled(count: number): void {
    this.upstream?.handled(count, this.limit());
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

  // Upstream is subscribed anew: what it still has (a producer's buffer, its error) reaches the new subscriber.
  protected override reopen(): boolean {
    return true;
  }

  protected onDemandChange(): void {
    this.resume();
  }

  protected onRelease(): void | Promise<void> {
    return this.detach();
  }

  /** Takes upstream chunks again if the operator wants them (after its own state changed). */
  protected resume(): void {
    this.pump?.run();
  }

  /** Subscribes to `source` (at start, or a fallback after an error) and pulls from it. */
  protected attach(source: StageBase<A>): void {
    const limit = this.limit();
    if (limit === 0) {
      this.complete();
      return;
    }
    this.input = source;
    let upstream: Upstream<A>;
    try {
      upstream = new Upstream(source, { mode: this.upstreamMode(), limit, whole: true });
    } catch (error) {
      this.error(error);
      return;
    }
    this.upstream = upstream;
    const pump = new Pump(upstream, this.pumpOwner(upstream));
    this.pump = pump;
    this.onAttached(upstream);
    pump.run();
  }

  /** A new upstream was subscribed (manual operators make their first ask here). */
  protected onAttached(_upstream: Upstream<A>): void {}

  /** Leaves upstream; the promise (if any) settles once upstream was released. */
  protected detach(): void | Promise<void> {
    const upstream = this.upstream;
    this.pump?.stop();
    this.pump = null;
    this.upstream = null;
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

  private pumpOwner(upstream: Upstream<A>): PumpOwner<A> {
    // Only the current upstream's events count: one replaced by catchError or retry is ignored.
    const current = () => this.upstream === upstream;
    return {
      wants: () => current() && this.running && this.wantsInput(),
      handle: (chunk) => {
        if (!current() || !this.running) return;
        this.received += chunk.length;
        return this.handle(chunk);
      },
      handled: (count) => {
        if (current()) this.handled(count);
      },
      ended: () => {
        if (!current() || !this.running) return;
        this.upstream = null;
        this.pump = null;
        this.guard(() => this.onUpstreamEnd());
      },
      failed: (error, fromUpstream) => {
        if (!current() || !this.running) return;
        if (!fromUpstream) {
          // The operator's own code threw: the stage fails (and releases upstream); catchError and retry are for upstream.
          this.error(error);
          return;
        }
        this.upstream = null;
        this.pump = null;
        this.guard(() => this.onUpstreamError(error));
      },
    };
  }

  // A hook that throws (catchError's fn) fails the stage with that error.
  private guard(hook: () => void): void {
    try {
      hook();
    } catch (error) {
      this.error(error);
    }
  }
}
