// merge(...sources): one stage fed by several, as one GenStage consumer subscribed to several producers.
// Each source has its own subscription, with the demand options of the merge's first subscriber.
import { CoreStage } from './core.js';
import { toStage } from './from.js';
import { Pump, type PumpOwner } from '../protocol/pump.js';
import { Upstream } from '../protocol/upstream.js';
import type { StageBase } from './stage.js';
import type { DemandOptions, Source, Stage, SubscribeOptions, Subscription } from '../types.js';
import { checkSource, defaultName } from '../validate.js';

/**
 * Merges several sources into one stage. Chunks are passed on as they arrive (a slow source never holds
 * up a fast one), each source is asked as a consumer subscribed to it would be (the merge's subscriber's
 * `maxDemand` / `minDemand`, default 1000 / 500), and read only while the merge's subscribers want events.
 * Completes when every source completed; the first error fails the merge (the same error object) and
 * releases every other source.
 *
 * @example
 * const both = merge(from([1, 2, 3]), from([10, 20]));
 * let sum = 0;
 * await consume(both, (batch) => batch.forEach((n) => (sum += n)));
 * console.log(sum); // 36
 */
export function merge<T>(...sources: Source<T>[]): Stage<T> {
  sources.forEach((source, i) => checkSource(`source ${i + 1}`, source));
  if (sources.length === 1) return toStage(sources[0]!);
  return new MergeStage(sources.map((source) => toStage(source)), defaultName('merge'));
}

class MergeStage<T> extends CoreStage<T> {
  private demandOptions: DemandOptions | undefined;
  private pumps: Pump<T>[] = [];
  private remaining: number;
  // Round-robin start, so that sources with events always ready share the demand.
  private turn = 0;

  constructor(private readonly sources: readonly StageBase<T>[], name: string) {
    super({
      name,
      kind: 'merge',
      bufferSize: Infinity,
      bufferKeep: 'last',
      inputs: sources.map((stage) => ({ stage: stage as StageBase<unknown>, options: {} })),
    });
    this.remaining = sources.length;
  }

  override open(options: SubscribeOptions<T>): Subscription<T> {
    this.demandOptions ??= { maxDemand: options.maxDemand, minDemand: options.minDemand };
    return super.open(options);
  }

  protected onStart(): void {
    const demand = this.demandOptions ?? {};
    try {
      for (const source of this.sources) {
        const upstream = new Upstream(source, { ...demand, whole: true });
        this.pumps.push(new Pump(upstream, this.owner()));
      }
    } catch (error) {
      this.error(error);
      return;
    }
    if (this.remaining === 0) this.complete();
  }

  // Every source not finished is subscribed anew.
  protected override reopen(): boolean {
    this.pumps = [];
    this.remaining = this.sources.length; // a finished source ends again at once
    return true;
  }

  protected onDemandChange(): void {
    const pumps = this.pumps;
    const count = pumps.length;
    if (count === 0) return;
    const first = this.turn;
    this.turn = first + 1 === count ? 0 : first + 1;
    for (let k = 0; k < count && this.wanted > 0; k++) pumps[(first + k) % count]!.run();
  }

  protected onRelease(): void | Promise<void> {
    const released: Promise<void>[] = [];
    for (const pump of this.pumps) {
      pump.stop();
      const cancelled = pump.upstream.cancel();
      if (cancelled) released.push(cancelled);
    }
    if (released.length > 0) return Promise.all(released).then(() => undefined);
  }

  /** Each source's pump passes its chunks on while the merge's subscribers want events. */
  private owner(): PumpOwner<T> {
    return {
      wants: () => this.wanted > 0,
      // Passed on as far as the merge's subscribers want, re-asked only for what went out.
      most: () => this.wanted,
      handle: (chunk) => {
        this.received += chunk.length;
        this.emit(chunk);
      },
      ended: () => {
        if (--this.remaining === 0) this.complete();
      },
      failed: (error) => this.error(error),
    };
  }
}
