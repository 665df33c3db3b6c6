import type { StageBase } from '../src/stages/stage.js';
import type { Operator } from '../src/types.js';
import { checkDuration, checkInteger, checkOptions } from '../src/validate.js';
import { OperatorStage, operate } from './operate.js';

export interface RetryOptions {
  /** Re-subscriptions allowed after errors (default Infinity). */
  count?: number;
  /** Wait before each re-subscription, in milliseconds (default 0). */
  delayMs?: number;
}

/**
 * On an upstream error, subscribes to upstream again from the start, at most `count` times, as RxJS's `retry`.
 * Events emitted before an error stay delivered, so a retried source may repeat them.
 *
 * The source must be re-subscribable: a pipeline that can be built again reading its source from the start.
 * That is `from()` (or a plain iterable piped) over something that starts over when iterated again (an array, a
 * Set, an object with a `[Symbol.iterator]` or `[Symbol.asyncIterator]` generator method), followed by operators
 * of `genstage/operators`. A generator object does not start over; a producer's pushed events cannot be had
 * again, nor can a producerConsumer be rebuilt: those are refused when the operator is applied.
 *
 * @example
 * let attempts = 0;
 * const flaky = { *[Symbol.iterator]() { attempts++; yield attempts; if (attempts < 3) throw new Error('flaky'); } };
 * await toArray(pipe(flaky, retry({ count: 3, delayMs: 10 }))); // [1, 2, 3]
 */
export function retry<T>(options?: RetryOptions | number): Operator<T, T> {
  const opts = checkOptions(typeof options === 'number' ? { count: options } : options, ['count', 'delayMs'], 'retry');
  const count = opts.count === undefined ? Infinity : checkInteger('count', opts.count, 0, { infinite: true });
  const delayMs = opts.delayMs === undefined ? 0 : checkDuration('delayMs', opts.delayMs);
  return operate<T, T>((source) => new RetryStage(source, count, delayMs, spareOf(source)));
}

function spareOf<T>(source: StageBase<T>): StageBase<T> {
  const spare = source.respawn();
  if (spare === undefined) {
    throw new TypeError(
      `retry source must be re-subscribable (from() over an array or an iterable that starts over, then operators), got ${source.kind} stage ${source.name}`,
    );
  }
  return spare;
}

class RetryStage<T> extends OperatorStage<T, T> {
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  // `spare`: an unstarted copy of upstream, ready for the next attempt.
  constructor(
    source: StageBase<T>,
    private readonly count: number,
    private readonly delayMs: number,
    private spare: StageBase<T>,
  ) {
    super(source, 'retry');
  }

  protected copy(source: StageBase<T>): RetryStage<T> {
    return new RetryStage(source, this.count, this.delayMs, spareOf(source));
  }

  protected handle(batch: readonly T[]): void {
    this.emit(batch);
  }

  protected override onUpstreamError(error: unknown): void {
    if (this.failures >= this.count) return this.error(error);
    this.failures++;
    if (this.delayMs === 0) return this.again();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.again();
    }, this.delayMs);
  }

  protected override onRelease(): void | Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    return super.onRelease();
  }

  private again(): void {
    const attempt = this.spare;
    this.spare = spareOf(attempt);
    this.attach(attempt);
  }
}
