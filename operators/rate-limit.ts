import type { StageBase } from '../src/stages/stage.js';
import type { Operator } from '../src/types.js';
import { checkInteger, checkOptions, show } from '../src/validate.js';
import { OperatorStage, operate } from './operate.js';

export interface RateLimitOptions {
  /** Events allowed per interval. */
  allowed: number;
  /** The interval, in milliseconds. */
  intervalMs: number;
}

/**
 * Lets at most `allowed` events through per `intervalMs`, without losing any: as Broadway's rate limiting, it asks
 * upstream only for what the current interval still allows, and asks for the rest when the next interval begins.
 * An interval begins with the first ask after the previous one ended.
 *
 * @example
 * await toArray(pipe([1, 2, 3, 4, 5], rateLimit({ allowed: 2, intervalMs: 100 }))); // [1, 2, 3, 4, 5] in about 200 ms
 */
export function rateLimit<T>(options: RateLimitOptions): Operator<T, T> {
  const opts = checkOptions(options, ['allowed', 'intervalMs'], 'rateLimit');
  const allowed = checkInteger('allowed', opts.allowed, 1);
  const intervalMs = checkInterval(opts.intervalMs);
  return operate<T, T>((source) => new RateLimitStage(source, allowed, intervalMs));
}

function checkInterval(value: unknown): number {
  const rule = 'a finite number > 0';
  if (typeof value !== 'number') throw new TypeError(`intervalMs must be ${rule}, got ${show(value)}`);
  if (!(value > 0) || value === Infinity) throw new RangeError(`intervalMs must be ${rule}, got ${show(value)}`);
  return value;
}

class RateLimitStage<T> extends OperatorStage<T, T> {
  // Events the current interval still allows, and when it ends.
  private budget = 0;
  private intervalEnd = -Infinity;
  // Asked upstream and not received yet.
  private outstanding = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(source: StageBase<T>, private readonly allowed: number, private readonly intervalMs: number) {
    super(source, 'rateLimit');
  }

  protected copy(source: StageBase<T>): RateLimitStage<T> {
    return new RateLimitStage(source, this.allowed, this.intervalMs);
  }

  protected handle(batch: readonly T[]): void {
    this.outstanding -= batch.length;
    this.emit(batch);
  }

  protected override upstreamMode(): 'manual' {
    return 'manual';
  }

  protected override onAttached(): void {
    this.topUp();
  }

  protected override handled(): void {
    this.topUp();
  }

  protected override onDemandChange(): void {
    this.topUp();
    this.resume();
  }

  protected override onUpstreamEnd(): void {
    this.stopTimer();
    super.onUpstreamEnd();
  }

  protected override onRelease(): void | Promise<void> {
    this.stopTimer();
    return super.onRelease();
  }

  // Asks upstream for the demand not covered yet, as far as this interval allows; the rest waits for the next.
  private topUp(): void {
    const upstream = this.upstream;
    const need = this.wanted - this.outstanding;
    if (upstream === null || need <= 0) return;
    const now = Date.now();
    if (now >= this.intervalEnd) {
      this.budget = this.allowed;
      this.intervalEnd = now + this.intervalMs;
    }
    const ask = Math.min(need, this.budget);
    if (ask > 0) {
      this.budget -= ask;
      this.outstanding += ask;
      upstream.ask(ask);
    }
    if (need > ask && this.timer === null) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.topUp();
        this.resume();
      }, this.intervalEnd - now);
    }
  }

  private stopTimer(): void {
    if (this.timer === null) return;
    clearTimeout(this.timer);
    this.timer = null;
  }
}
