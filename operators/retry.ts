import type { StageBase } from '../src/stages/stage.js';
import type { Operator } from '../src/types.js';
import { checkBoolean, checkDuration, checkInteger, checkOptions, isThenable, show } from '../src/validate.js';
import { OperatorStage, operate } from './operate.js';

/** Milliseconds to wait, or RxJS's function of the error and the retry count (1 for the first retry). */
export type RetryDelay = number | ((error: unknown, retryCount: number) => number | PromiseLike<unknown>);

export interface RetryOptions {
  /** Re-subscriptions allowed after errors (default Infinity). */
  count?: number;
  /**
   * Wait before each re-subscription (default 0), as RxJS's `delay`: milliseconds, or `(error, retryCount)`
   * returning milliseconds or a promise; the retry waits for the promise, and its rejection fails the stage.
   */
  delay?: RetryDelay;
  /** Milliseconds before each re-subscription: the same as a number `delay` (genstage's first name for it). */
  delayMs?: number;
  /** Count only consecutive errors: an event delivered after a re-subscription resets the count (RxJS's option). */
  resetOnSuccess?: boolean;
}

interface Settings {
  count: number;
  delay: (error: unknown, retryCount: number) => number | PromiseLike<unknown>;
  resetOnSuccess: boolean;
}

/**
 * On an upstream error, subscribes to upstream again from the start, at most `count` times, as RxJS's `retry`:
 * `retry(3)`, or `retry({ count, delay, resetOnSuccess })` with `delay` in milliseconds or a function
 * `(error, retryCount) => milliseconds | promise`. Events emitted before an error stay delivered, so a retried
 * source may repeat them.
 *
 * The source must be re-subscribable: a pipeline that can be built again reading its source from the start.
 * That is `from()` (or a plain iterable piped) over something that starts over when iterated again (an array, a
 * Set, an object with a `[Symbol.iterator]` or `[Symbol.asyncIterator]` generator method), followed by operators
 * of `genstage/operators` (or `of`, `interval`, `merge`, `concat`, `zip` of such sources). A generator object and a
 * stream do not start over; a producer's pushed events cannot be had again, nor can a producerConsumer be
 * rebuilt: those are refused when the operator is applied.
 *
 * @example
 * let attempts = 0;
 * const flaky = { *[Symbol.iterator]() { attempts++; yield attempts; if (attempts < 3) throw new Error('flaky'); } };
 * await toArray(pipe(flaky, retry(3))); // [1, 2, 3]
 * attempts = 0;
 * await toArray(pipe(flaky, retry({ count: 3, delay: (error, retryCount) => retryCount * 10 }))); // [1, 2, 3]
 */
export function retry<T>(options?: RetryOptions | number): Operator<T, T> {
  const settings = checkRetry(options);
  return operate<T, T>((source) => new RetryStage(source, settings, spareOf(source)));
}

function checkRetry(options: RetryOptions | number | undefined): Settings {
  const keys = ['count', 'delay', 'delayMs', 'resetOnSuccess'];
  const opts = checkOptions(typeof options === 'number' ? { count: options } : options, keys, 'retry');
  const count = opts.count === undefined ? Infinity : checkInteger('count', opts.count, 0, { infinite: true });
  if (opts.delay !== undefined && opts.delayMs !== undefined) {
    // The same setting under two names: which one to believe is the user's to say.
    throw new TypeError(`delayMs must be left out when delay is given (they are one setting), got ${show(opts.delayMs)}`);
  }
  const resetOnSuccess = opts.resetOnSuccess === undefined ? false : checkBoolean('resetOnSuccess', opts.resetOnSuccess);
  if (typeof opts.delay === 'function') return { count, delay: opts.delay, resetOnSuccess };
  const ms = opts.delayMs !== undefined ? checkDuration('delayMs', opts.delayMs) : checkDelay(opts.delay);
  return { count, delay: () => ms, resetOnSuccess };
}

function checkDelay(delay: unknown): number {
  if (delay === undefined) return 0;
  if (typeof delay !== 'number') throw new TypeError(`delay must be a number >= 0 or a function, got ${show(delay)}`);
  return checkDuration('delay', delay);
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
  // Bumped on release: a delay promise that settles later starts nothing.
  private generation = 0;

  // `spare`: an unstarted copy of upstream, ready for the next attempt.
  constructor(
    source: StageBase<T>,
    private readonly settings: Settings,
    private spare: StageBase<T>,
  ) {
    super(source, 'retry');
  }

  protected copy(source: StageBase<T>): RetryStage<T> {
    return new RetryStage(source, this.settings, spareOf(source));
  }

  protected handle(batch: readonly T[]): void {
    if (this.settings.resetOnSuccess) this.failures = 0;
    this.emit(batch);
  }

  protected override onUpstreamError(error: unknown): void {
    if (this.failures >= this.settings.count) return this.error(error);
    this.failures++;
    const wait = this.settings.delay(error, this.failures);
    if (typeof wait === 'number' && wait >= 0 && wait !== Infinity) return this.after(wait);
    if (!isThenable(wait)) {
      throw new TypeError(`the result of retry delay must be a number >= 0 or a promise, got ${show(wait)}`);
    }
    const generation = this.generation;
    const current = () => generation === this.generation && this.running;
    Promise.resolve(wait).then(
      () => current() && this.again(),
      (reason: unknown) => current() && this.error(reason),
    );
  }

  protected override onRelease(): void | Promise<void> {
    this.generation++;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    return super.onRelease();
  }

  private after(ms: number): void {
    if (ms === 0) return this.again();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.again();
    }, ms);
  }

  private again(): void {
    const attempt = this.spare;
    this.spare = spareOf(attempt);
    this.attach(attempt);
  }
}
