// merge(...sources): one stage fed by several, as one GenStage consumer subscribed to several producers.
// Each source has its own subscription, with the demand options of the merge's first subscriber. concat() is
// the same stage reading one source at a time.
import { CoreStage } from './core.js';
import { toStage } from './from.js';
import { Pump, type PumpOwner } from '../protocol/pump.js';
import { Upstream } from '../protocol/upstream.js';
import type { StageBase } from './stage.js';
import type { DemandOptions, Source, SourceValue, Stage, SubscribeOptions, Subscription } from '../types.js';
import { checkSource, defaultName } from '../validate.js';

/**
 * Merges several sources into one stage, whose event type is the union of theirs. Chunks are passed on as they
 * arrive (a slow source never holds up a fast one), each source is asked as a consumer subscribed to it would be (the merge's subscriber's
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
export function merge<S extends readonly Source<unknown>[]>(...sources: S): Stage<SourceValue<S[number]>>;
/** With the event type given: `merge<number>(a, b)`. */
export function merge<T>(...sources: Source<T>[]): Stage<T>;
export function merge<T>(...sources: Source<T>[]): Stage<T> {
  sources.forEach((source, i) => checkSource(`source ${i + 1}`, source));
  if (sources.length === 1) return toStage(sources[0]!);
  return new MergeStage(sources.map((source) => toStage(source)), 'merge', Infinity);
}

/**
 * One stage fed by several, reading up to `concurrency` of them at once (merge: all; concat: one after the other),
 * each opened when a slot is free, in the order given.
 */
export class MergeStage<T> extends CoreStage<T> {
  private demandOptions: DemandOptions | undefined;
  private pumps: Pump<T>[] = [];
  // The next source to open.
  private opened = 0;
  // Round-robin start, so that sources with events always ready share the demand.
  private turn = 0;

  constructor(
    private readonly sources: readonly StageBase<T>[],
    kind: string,
    private readonly concurrency: number,
  ) {
    super({
      name: defaultName(kind),
      kind,
      bufferSize: Infinity,
      bufferKeep: 'last',
      inputs: sources.map((stage) => ({ stage: stage as StageBase<unknown>, options: {} })),
    });
  }

  // Reading every source again from the start, when each of them can be.
  override respawn(): StageBase<T> | undefined {
    const fresh: StageBase<T>[] = [];
    for (const source of this.sources) {
      const copy = source.respawn();
      if (copy === undefined) return undefined;
      fresh.push(copy);
    }
    return new MergeStage(fresh, this.kind, this.concurrency);
  }

  override open(options: SubscribeOptions<T>): Subscription<T> {
    this.demandOptions ??= { maxDemand: options.maxDemand, minDemand: options.minDemand };
    return super.open(options);
  }

  protected onStart(): void {
    this.openSources();
  }

  // Every source is subscribed anew, in order: one that finished ends again at once.
  protected override reopen(): boolean {
    this.pumps = [];
    this.opened = 0;
    return true;
  }

  protected onDemandChange(): void {
    const pumps = this.pumps;
    const count = pumps.length;
    if (count === 0) return;
    const first = this.turn % count;
    this.turn = first + 1;
    for (let k = 0; k < count && this.wanted > 0; k++) pumps[(first + k) % count]!.run();
  }

  protected onRelease(): void | Promise<void> {
    const released: Promise<void>[] = [];
    for (const pump of this.pumps) {
      pump.stop();
      const cancelled = pump.upstream.cancel();
      if (cancelled) released.push(cancelled);
    }
    this.pumps = [];
    if (released.length > 0) return Promise.all(released).then(() => undefined);
  }

  /** Opens sources while slots are free; completes once every source was opened and has ended. */
  private openSources(): void {
    const demand = this.demandOptions ?? {};
    try {
      while (this.pumps.length < this.concurrency && this.opened < this.sources.length) {
        const upstream = new Upstream(this.sources[this.opened++]!, { ...demand, whole: true });
        const pump: Pump<T> = new Pump(upstream, this.owner(() => pump));
        this.pumps.push(pump);
      }
    } catch (error) {
      this.error(error);
      return;
    }
    if (this.pumps.length === 0) this.complete();
  }

  /** Each source's pump passes its chunks on while the stage's subscribers want events. */
  private owner(self: () => Pump<T>): PumpOwner<T> {
    return {
      wants: () => this.wanted > 0,
      // Passed on as far as the subscribers want, re-asked only for what went out.
      most: () => this.wanted,
      handle: (chunk) => {
        this.received += chunk.length;
        this.emit(chunk);
      },
      ended: () => {
        this.pumps = this.pumps.filter((pump) => pump !== self());
        const waiting = this.opened < this.sources.length;
        this.openSources();
        // A source opened in its place is read as far as the subscribers want.
        if (waiting && this.running) this.onDemandChange();
      },
      failed: (error) => this.error(error),
    };
  }
}
