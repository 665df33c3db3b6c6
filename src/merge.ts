// merge(...sources): one stage fed by several, as one GenStage consumer subscribed to several producers.
// Each source has its own subscription, with the demand options of the merge's first subscriber.
import { CoreStage } from './core.js';
import type { DemandCounter } from './demand.js';
import { toStage } from './from.js';
import { isBatch } from './iterate.js';
import type { StageBase } from './stage.js';
import type { DemandOptions, Source, Stage, SubscribeOptions, Subscription } from './types.js';
import { checkSource, defaultName } from './validate.js';

interface Link<T> {
  readonly subscription: Subscription<T>;
  readonly demand: DemandCounter;
  /** The source's last batch, passed on from `offset` as demand comes: never more than asked downstream. */
  held: readonly T[];
  offset: number;
  /** A `next()` is pending: its batch arrives later. */
  waiting: boolean;
  done: boolean;
}

const EMPTY: readonly never[] = [];

/**
 * Merges several sources into one stage. Batches are passed on as they arrive (a slow source never holds
 * up a fast one), each source is asked as a consumer subscribed to it would be (the merge's subscriber's
 * `maxDemand` / `minDemand`, default 1000 / 500), re-asking only for the events its subscribers took.
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
  private links: Link<T>[] = [];
  private remaining: number;
  // Demand of this stage's subscribers not met yet.
  private wanted = 0;
  // Round-robin start, so that sources with events always ready share the demand.
  private turn = 0;
  private pumping = false;

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
        const { subscription, demand: counter } = source.connect(demand);
        this.links.push({ subscription, demand: counter, held: EMPTY, offset: 0, waiting: false, done: false });
      }
    } catch (error) {
      this.error(error);
      return;
    }
    if (this.remaining === 0) this.complete();
  }

  protected onDemand(n: number): void {
    this.wanted += n;
    this.pump();
  }

  protected onRelease(): void | Promise<void> {
    const released: Promise<void>[] = [];
    for (const link of this.links) {
      const cancelled = link.subscription.cancel();
      if (cancelled) released.push(cancelled);
    }
    if (released.length > 0) return Promise.all(released).then(() => undefined);
  }

  protected override emit(events: readonly T[]): number {
    const delivered = super.emit(events);
    this.wanted = Math.max(this.wanted - delivered, 0);
    return delivered;
  }

  /** Passes on ready events from the sources in turn while there is demand; sources with none get a callback. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      const links = this.links;
      let idle = 0;
      while (this.wanted > 0 && this.running && idle < links.length) {
        const link = links[this.turn]!;
        this.turn = this.turn + 1 === links.length ? 0 : this.turn + 1;
        if (link.done || link.waiting) {
          idle++;
          continue;
        }
        if (link.offset < link.held.length) {
          idle = 0;
          this.forward(link);
          continue;
        }
        const next = link.subscription.next();
        if (next === null) {
          idle++;
          this.finish(link);
        } else if (isBatch(next)) {
          idle = 0;
          this.hold(link, next);
          this.forward(link);
        } else {
          idle++;
          link.waiting = true;
          next.then(
            (batch) => this.arrived(link, batch),
            (error: unknown) => this.error(error),
          );
        }
      }
    } catch (error) {
      this.error(error);
    } finally {
      this.pumping = false;
    }
  }

  private arrived(link: Link<T>, batch: readonly T[] | null): void {
    link.waiting = false;
    if (!this.running) return;
    if (batch === null) this.finish(link);
    else this.hold(link, batch);
    this.pump();
  }

  private hold(link: Link<T>, batch: readonly T[]): void {
    this.received += batch.length;
    link.held = batch;
    link.offset = 0;
  }

  /** Passes on what the demand allows of the link's batch (the whole array when it fits), then re-asks. */
  private forward(link: Link<T>): void {
    const { held, offset } = link;
    const count = Math.min(this.wanted, held.length - offset);
    const events = offset === 0 && count === held.length ? held : held.slice(offset, offset + count);
    link.offset += count;
    if (link.offset === held.length) {
      link.held = EMPTY;
      link.offset = 0;
    }
    this.emit(events);
    const ask = link.demand.handled(count);
    if (ask > 0) link.subscription.ask(ask);
  }

  private finish(link: Link<T>): void {
    link.done = true;
    if (--this.remaining === 0) this.complete();
  }
}
