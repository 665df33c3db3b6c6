import type { StageBase } from '../src/stages/stage.js';
import type { Operator } from '../src/types.js';
import { checkDuration, checkOptions } from '../src/validate.js';
import { OperatorStage, operate } from './operate.js';

/** The error `timeout` fails with; its `name` is `'TimeoutError'`, like the platform's. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

export interface TimeoutOptions {
  /** How long subscribers may wait for the next event while they have demand, in milliseconds. */
  ms: number;
}

/**
 * Fails with a `TimeoutError` when subscribers asked for events and none arrives within `ms`, counting from the
 * demand and again from each event while demand remains, as RxJS's `timeout({ each })`. Upstream is released.
 * No demand, no clock: a consumer that stops asking is not timed.
 *
 * @example
 * const silent = producer<number>();
 * await toArray(pipe(silent, timeout({ ms: 1000 }))); // rejects with a TimeoutError after 1 s
 */
export function timeout<T>(options: TimeoutOptions): Operator<T, T> {
  const opts = checkOptions(options, ['ms'], 'timeout');
  const ms = checkDuration('ms', opts.ms);
  return operate<T, T>((source) => new TimeoutStage(source, ms));
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
