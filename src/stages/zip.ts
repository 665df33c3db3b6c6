// zip(...sources): tuples of the i-th events of every source, as RxJS's zip, each source asked for no more
// events than tuples are wanted.
import { CoreStage } from './core.js';
import { toStage } from './from.js';
import { Pump, type PumpOwner } from '../protocol/pump.js';
import { Upstream } from '../protocol/upstream.js';
import type { StageBase } from './stage.js';
import type { Source, SourceValue, Stage } from '../types.js';
import { checkSource, defaultName } from '../validate.js';

/** The tuple type of `zip(a, b, …)`: `[A, B, …]` for sources of A, B, …. */
export type Zipped<S extends readonly unknown[]> = { -readonly [K in keyof S]: SourceValue<S[K]> };

/**
 * Pairs the sources' events by position: the first tuple holds every source's first event, and so on, as RxJS's
 * `zip`. Back-pressured: while `n` tuples are wanted, each source is asked for at most `n` events beyond what it
 * already gave, so a fast source waits for the slow ones instead of piling up. Ends as soon as one source has
 * ended and every event it gave was paired; the other sources are then released (a generator's `finally` runs).
 * An error in any source fails it (the same error object) and releases the others.
 *
 * @example
 * await toArray(zip([1, 2, 3], from(['a', 'b']))); // [[1, 'a'], [2, 'b']]
 */
export function zip<S extends readonly Source<unknown>[]>(...sources: S): Stage<Zipped<S>> {
  sources.forEach((source, i) => checkSource(`source ${i + 1}`, source));
  return new ZipStage(sources.map((source) => toStage(source))) as unknown as Stage<Zipped<S>>;
}

/** One source: its pump, the events it gave not paired yet, and the events asked of it not received yet. */
interface Lane {
  pump: Pump<unknown> | null;
  queue: unknown[];
  credit: number;
  ended: boolean;
}

class ZipStage extends CoreStage<unknown[]> {
  private lanes: Lane[] = [];
  private finishing = false;

  constructor(private readonly sources: readonly StageBase<unknown>[]) {
    super({
      name: defaultName('zip'),
      kind: 'zip',
      bufferSize: Infinity,
      bufferKeep: 'last',
      inputs: sources.map((stage) => ({ stage, options: {} })),
    });
  }

  override respawn(): StageBase<unknown[]> | undefined {
    const fresh = this.sources.map((source) => source.respawn());
    return fresh.every((copy) => copy !== undefined) ? new ZipStage(fresh as StageBase<unknown>[]) : undefined;
  }

  protected onStart(): void {
    try {
      for (const source of this.sources) {
        const lane: Lane = { pump: null, queue: [], credit: 0, ended: false };
        lane.pump = new Pump(new Upstream(source, { mode: 'manual', whole: true }), this.owner(lane));
        this.lanes.push(lane);
      }
    } catch (error) {
      this.error(error);
      return;
    }
    if (this.lanes.length === 0) this.complete();
  }

  protected onDemandChange(): void {
    for (const lane of this.lanes) if (this.running && !this.finishing) lane.pump!.run();
  }

  protected onRelease(): void | Promise<void> {
    const released: Promise<void>[] = [];
    for (const lane of this.lanes) {
      lane.pump!.stop();
      const cancelled = lane.pump!.upstream.cancel();
      if (cancelled) released.push(cancelled);
    }
    if (released.length > 0) return Promise.all(released).then(() => undefined);
  }

  /** Asks a source for what the wanted tuples still need of it. */
  private grant(lane: Lane): boolean {
    const need = this.wanted - lane.queue.length - lane.credit;
    if (need > 0) {
      lane.credit += need;
      lane.pump!.upstream.ask(need);
    }
    return lane.credit > 0;
  }

  private owner(lane: Lane): PumpOwner<unknown> {
    return {
      wants: () => this.running && !this.finishing && this.grant(lane),
      handle: (chunk) => {
        lane.credit -= chunk.length;
        this.received += chunk.length;
        for (const event of chunk) lane.queue.push(event);
        this.pair();
      },
      handled: () => {},
      ended: () => {
        lane.ended = true;
        lane.credit = 0;
        this.pair();
      },
      failed: (error) => this.error(error),
    };
  }

  /** Emits every tuple complete now; ends once a source that ended has nothing left to pair. */
  private pair(): void {
    const lanes = this.lanes;
    let count = Infinity;
    for (const lane of lanes) count = Math.min(count, lane.queue.length);
    if (count > 0 && count !== Infinity) {
      const tuples: unknown[][] = [];
      for (let i = 0; i < count; i++) tuples.push(lanes.map((lane) => lane.queue[i]));
      for (const lane of lanes) lane.queue.splice(0, count);
      this.emit(tuples);
    }
    if (lanes.some((lane) => lane.ended && lane.queue.length === 0)) this.finish();
  }

  /** Releases the sources still open, then completes: no tuple can be made any more. */
  private finish(): void {
    if (this.finishing || !this.running) return;
    this.finishing = true;
    const released = this.onRelease();
    if (!released) return this.complete();
    released.then(
      () => this.complete(),
      (error: unknown) => this.error(error),
    );
  }
}
