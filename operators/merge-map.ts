import { toStage } from '../src/stages/from.js';
import { Pump, type PumpOwner } from '../src/protocol/pump.js';
import { Upstream } from '../src/protocol/upstream.js';
import type { StageBase } from '../src/stages/stage.js';
import type { Operator, Source } from '../src/types.js';
import { checkFunction, checkInteger, checkOptions, checkSource } from '../src/validate.js';
import { OperatorStage, operate } from './operate.js';

export interface MergeMapOptions {
  /** Inner sources read at once (default `Infinity`: as many as there are events wanted downstream). */
  concurrency?: number;
}

/**
 * Maps each event to an iterable or async iterable (a stage too) and passes on the events of up to `concurrency`
 * inner sources at once, in the order they arrive, as RxJS's `mergeMap(fn, concurrency)`. Unlike RxJS's, it is
 * back-pressured: an outer event is asked for only when a slot is free and subscribers want events, and the
 * inner sources together are asked for no more events than subscribers want (each is granted a share,
 * `wanted / concurrency`, at least 1), so nothing piles up. With less demand than `concurrency`, fewer inner
 * sources are read at once. An inner source's error fails the stage (the same error object) and releases every
 * inner source and upstream; a consumer that leaves releases them all too (a generator's `finally` runs).
 *
 * @example
 * const slow = async function* (x: number) { await new Promise((r) => setTimeout(r, x)); yield x; };
 * const sorted = await toArray(pipe([30, 10, 20], mergeMap(slow, { concurrency: 3 })));
 * console.log(sorted); // [10, 20, 30]
 * await toArray(pipe([1, 2], mergeMap((x: number) => [x, x * 10], 2))); // [1, 10, 2, 20]
 */
export function mergeMap<A, B>(
  fn: (value: A, index: number) => Source<B>,
  options?: MergeMapOptions | number,
): Operator<A, B> {
  checkFunction('fn', fn);
  const concurrency = checkConcurrency(options);
  return operate<A, B>((source) => new MergeMapStage(source, fn, concurrency));
}

/** `mergeMap(fn, 4)` or `mergeMap(fn, { concurrency: 4 })`. */
function checkConcurrency(options: MergeMapOptions | number | undefined): number {
  const opts = typeof options === 'number' ? { concurrency: options } : checkOptions(options, ['concurrency'], 'mergeMap');
  return opts.concurrency === undefined ? Infinity : checkInteger('concurrency', opts.concurrency, 1, { infinite: true });
}

/** One inner source: its connection, its pump, and the events asked of it and not received yet. */
interface Inner<B> {
  pump: Pump<B> | null;
  credit: number;
}

class MergeMapStage<A, B> extends OperatorStage<A, B> {
  private readonly inners = new Set<Inner<B>>();
  // Outer events asked for and not received yet.
  private asked = 0;
  // Events asked of all inner sources and not received yet: never more than subscribers want.
  private granted = 0;
  private outerDone = false;
  private index = 0;
  // Round-robin start, so that inner sources with events ready share the demand.
  private turn = 0;
  private serving = false;
  private again = false;

  constructor(
    source: StageBase<A>,
    private readonly fn: (value: A, index: number) => Source<B>,
    private readonly concurrency: number,
  ) {
    super(source, 'mergeMap');
  }

  protected copy(source: StageBase<A>): MergeMapStage<A, B> {
    return new MergeMapStage(source, this.fn, this.concurrency);
  }

  protected override upstreamMode(): 'manual' {
    return 'manual';
  }

  // As many outer events as there are free slots, and no more than the events wanted: each opens an inner source.
  protected override wantsInput(): boolean {
    const wanted = this.wanted;
    if (wanted === 0 || this.upstream === null) return false;
    const slots = Math.min(this.concurrency, wanted) - this.inners.size - this.asked;
    if (slots > 0) {
      this.asked += slots;
      this.upstream.ask(slots);
    }
    return this.asked > 0;
  }

  protected override handled(): void {}

  protected handle(batch: readonly A[]): void {
    this.asked -= batch.length;
    for (const value of batch) {
      const source = this.fn(value, this.index++);
      checkSource('the result of mergeMap fn', source);
      const inner: Inner<B> = { pump: null, credit: 0 };
      this.inners.add(inner);
      const pump = new Pump(new Upstream(toStage(source), { mode: 'manual', whole: true }), this.innerOwner(inner));
      inner.pump = pump;
      pump.run();
    }
  }

  protected override onUpstreamEnd(): void {
    this.outerDone = true;
    if (this.inners.size === 0) this.complete();
  }

  protected override onDemandChange(): void {
    this.serveInners();
    this.resume();
  }

  // Inner sources open now, for stats.
  protected override inFlight(): number {
    return this.inners.size;
  }

  protected override onRelease(): void | Promise<void> {
    const released: Promise<void>[] = [];
    for (const inner of this.inners) {
      const pump = inner.pump!;
      pump.stop();
      const cancelled = pump.upstream.cancel();
      if (cancelled) released.push(cancelled);
    }
    this.inners.clear();
    const detached = this.detach();
    if (detached) released.push(detached);
    if (released.length > 0) return Promise.all(released).then(() => undefined);
  }

  /** Lets each inner source take its share of the demand; a re-entrant call (an inner source ended) runs again. */
  private serveInners(): void {
    if (this.serving) {
      this.again = true;
      return;
    }
    this.serving = true;
    try {
      do {
        this.again = false;
        const inners = [...this.inners];
        const first = this.turn++ % Math.max(inners.length, 1);
        for (let k = 0; k < inners.length && this.running; k++) inners[(first + k) % inners.length]!.pump!.run();
      } while (this.again && this.running);
    } finally {
      this.serving = false;
    }
  }

  /** Grants an inner source with no credit left its share of what subscribers want and nobody was asked for yet. */
  private grant(inner: Inner<B>): boolean {
    if (inner.credit > 0) return true;
    const wanted = this.wanted;
    const share = Math.max(1, Math.floor(wanted / Math.min(this.concurrency, Math.max(wanted, 1))));
    const n = Math.min(wanted - this.granted, share);
    if (n <= 0) return false;
    inner.credit = n;
    this.granted += n;
    inner.pump!.upstream.ask(n);
    return true;
  }

  private innerOwner(inner: Inner<B>): PumpOwner<B> {
    return {
      wants: () => this.running && this.inners.has(inner) && this.grant(inner),
      handle: (chunk) => {
        inner.credit -= chunk.length;
        this.granted -= chunk.length;
        this.emit(chunk);
      },
      handled: () => {},
      ended: () => {
        if (!this.inners.delete(inner)) return;
        this.granted -= inner.credit;
        inner.credit = 0;
        if (this.outerDone && this.inners.size === 0) return this.complete();
        // Its slot and its credit are free: other inner sources, or a new outer event, may take them.
        this.onDemandChange();
      },
      failed: (error) => this.error(error),
    };
  }
}
