import type { StageBase } from '../src/stages/stage.js';
import type { Operator } from '../src/types.js';
import { checkDuration, checkOptions, show } from '../src/validate.js';
import { OperatorStage, operate } from './operate.js';

/** The error `timeout` fails with; its `name` is `'TimeoutError'`, like the platform's. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

export interface TimeoutOptions {
  /** How long subscribers may wait for each event while they have demand, in milliseconds (RxJS's name). */
  each?: number;
  /** The same as `each` (genstage's first name for it). */
  ms?: number;
}

/**
 * Fails with a `TimeoutError` when subscribers asked for events and none arrives within `each` ms, counting from
 * the demand and again from each event while demand remains, as RxJS's `timeout(each)` / `timeout({ each })`.
 * Upstream is released. No demand, no clock: a consumer that stops asking is not timed (RxJS times a source
 * that pushes; here the clock runs only while someone is waiting for an event). `timeout({ ms })` is the same.
 *
 * @example
 * const silent = producer<number>();
 * await toArray(pipe(silent, timeout(1000))); // rejects with a TimeoutError after 1 s
 * await toArray(pipe([1, 2], timeout({ each: 1000 }))); // [1, 2]
 */
export function timeout<T>(options: TimeoutOptions | number): Operator<T, T> {
  const ms = typeof options === 'number' ? checkDuration('each', options) : eachOf(options);
  return operate<T, T>((source) => new TimeoutStage(source, ms));
}

function eachOf(options: TimeoutOptions): number {
  const opts = checkOptions(options, ['each', 'ms'], 'timeout');
  if (opts.each !== undefined && opts.ms !== undefined) {
    // The same setting under two names: which one to believe is the user's to say.
    throw new TypeError(`ms must be left out when each is given (they are one setting), got ${show(opts.ms)}`);
  }
  return opts.ms !== undefined ? checkDuration('ms', opts.ms) : checkDuration('each', opts.each);
}

class TimeoutStage<T> extends OperatorStage<T, T> {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(source: StageBase<T>, private readonly ms: number) {
    super(source, 'timeout');
  }

  protected copy(source: StageBase<T>): TimeoutStage<T> {
    return new TimeoutStage(source, this.ms);
  }

  protected handle(batch: readonly T[]): void {
    this.emit(batch);
    this.restartClock();
  }

  protected override onDemandChange(): void {
    super.onDemandChange();
    if (this.timer === null) this.restartClock();
  }

  protected override onUpstreamEnd(): void {
    this.stopClock();
    super.onUpstreamEnd();
  }

  protected override onRelease(): void | Promise<void> {
    this.stopClock();
    return super.onRelease();
  }

  private restartClock(): void {
    this.stopClock();
    if (this.wanted === 0 || !this.running) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.error(new TimeoutError(`genstage timeout ${this.name}: no event within ${this.ms} ms of the demand`));
    }, this.ms);
  }

  private stopClock(): void {
    if (this.timer === null) return;
    clearTimeout(this.timer);
    this.timer = null;
  }
}
