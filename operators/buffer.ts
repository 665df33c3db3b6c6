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
 * @example
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
