import { resolveDemand } from '../src/protocol/demand.js';
import { later } from '../src/protocol/fairness.js';
import type { StageBase } from '../src/stages/stage.js';
import type { Operator } from '../src/types.js';
import { checkInteger, checkOneOf, checkOptionalFunction, checkOptions } from '../src/validate.js';
import { OperatorStage, operate } from './operate.js';

export type BufferKeepMode = 'first' | 'last' | 'block';

export interface BufferOptions {
  /** Events held beyond what subscribers asked for (`Infinity` allowed). */
  size: number;
  /** When full: `'block'` (default) stops asking upstream, losing nothing; `'last'` keeps pulling and drops the
   *  oldest held events; `'first'` keeps pulling and drops the new ones. */
  keep?: BufferKeepMode;
  /** Called with the count of events a lossy buffer dropped (default: nothing is reported). */
  onDiscard?: (count: number) => void;
}

// The most a buffer asks upstream at once: GenStage's default maxDemand.
const MAX_ASK = resolveDemand({}).maxDemand;

/**
 * An explicit prefetch buffer between stages: it asks upstream ahead of demand so that up to `size` events wait,
 * ready, for the stages after it. `keep: 'block'` is lossless back-pressure (it asks upstream only for free room);
 * `'first'` and `'last'` never make upstream wait and drop events on overflow, as a producer's `bufferKeep`.
 *
 * Not RxJS's `buffer(notifier)`, which gathers events into arrays: this one passes each event on unchanged, only
 * earlier (RxJS has no back-pressure, so nothing to prefetch). To emit arrays of events, use `batch({ size, timeMs })`
 * (RxJS's `bufferCount` / `bufferTime`). `prefetch` is the same operator under a name that cannot be mistaken.
 *
 * @example
 * await toArray(pipe([1, 2, 3], buffer({ size: 2 }))); // [1, 2, 3]
 * const ahead = pipe(from([1, 2, 3]), buffer({ size: 100 })); // up to 100 events wait, ready, for its consumer
 * const sensor = producer<number>();
 * const latest = pipe(sensor, buffer({ size: 1, keep: 'last' })); // a slow reader sees the newest reading
 */
export function buffer<T>(options: BufferOptions): Operator<T, T> {
  const opts = checkOptions(options, ['size', 'keep', 'onDiscard'], 'buffer');
  const size = checkInteger('size', opts.size, 1, { infinite: true });
  const keep = opts.keep === undefined ? 'block' : checkOneOf('keep', opts.keep, ['first', 'last', 'block'] as const);
  const onDiscard = checkOptionalFunction<(count: number) => void>('onDiscard', opts.onDiscard) ?? ignore;
  return operate<T, T>((source) => new BufferStage(source, size, keep, onDiscard));
}

/**
 * The same operator as `buffer({ size, keep })`: up to `size` events fetched ahead of demand, each passed on
 * unchanged (not RxJS's `buffer`, which emits arrays).
 *
 * @example
 * await toArray(pipe(from([1, 2, 3]), prefetch({ size: 100 }))); // [1, 2, 3]
 */
export const prefetch: typeof buffer = buffer;

class BufferStage<T> extends OperatorStage<T, T> {
  // Asked upstream and not received yet.
  private outstanding = 0;
  private refillScheduled = false;

  constructor(
    source: StageBase<T>,
    private readonly size: number,
    private readonly keep: BufferKeepMode,
    private readonly discardHandler: (count: number) => void,
  ) {
    // 'block' never overflows its own asks, so its held events need no bound of their own.
    super(source, 'buffer', keep === 'block' ? {} : { bufferSize: size, bufferKeep: keep, onDiscard: discardHandler });
  }

  protected copy(source: StageBase<T>): BufferStage<T> {
    return new BufferStage(source, this.size, this.keep, this.discardHandler);
  }

  // Prefetching: upstream chunks are taken whether or not subscribers want them now.
  protected override wantsInput(): boolean {
    return true;
  }

  protected override upstreamMode(): 'manual' {
    return 'manual';
  }

  protected handle(batch: readonly T[]): void {
    this.outstanding -= batch.length;
    this.emit(batch);
  }

  protected override onAttached(): void {
    this.refill();
  }

  protected override handled(): void {
    this.refill();
  }

  // Subscribers took held events: there is room again.
  protected override onDemandChange(): void {
    this.refill();
    this.resume();
  }

  private refill(): void {
    if (this.refillScheduled || this.shortfall() <= 0) return;
    // Nobody reads and plenty is held: refill in a later turn, so that a fast source cannot hold the event loop.
    if (this.wanted === 0 && this.buffered >= Math.min(this.size, MAX_ASK)) {
      this.refillScheduled = true;
      later(() => {
        this.refillScheduled = false;
        this.askUpstream();
        this.resume();
      });
      return;
    }
    this.askUpstream();
  }

  private askUpstream(): void {
    const ask = this.shortfall();
    if (ask <= 0 || this.upstream === null) return;
    this.outstanding += ask;
    this.upstream.ask(ask);
  }

  // Keeps `size` events coming beyond what subscribers want; 'block' counts the held events against it.
  private shortfall(): number {
    if (this.upstream === null) return 0;
    const room = this.keep === 'block' ? this.size - this.buffered : this.size;
    return Math.min(this.wanted + room - this.outstanding, MAX_ASK);
  }
}

function ignore(): void {}
