import type { StageBase } from '../src/stages/stage.js';
import type { Operator } from '../src/types.js';
import { checkDuration, checkInteger, checkOptions } from '../src/validate.js';
import { OperatorStage, operate } from './operate.js';

export interface BatchOptions {
  /** Events per batch: a batch is emitted as soon as it has this many. */
  size: number;
  /** A partial batch is emitted this long after its FIRST event arrived (default: no time limit). */
  timeMs?: number;
}

/**
 * Groups events into arrays, as Broadway's batchers: a batch is emitted when `size` events are gathered or
 * `timeMs` passed since its first event, whichever comes first. Never an empty batch; the last partial batch
 * is emitted when upstream completes (and before an upstream error).
 *
 * @example
 * await toArray(pipe([1, 2, 3, 4, 5], batch({ size: 2 }))); // [[1, 2], [3, 4], [5]]
 * const rows = pipe(producer<string>(), batch({ size: 500, timeMs: 1000 })); // at most 500 rows, at most 1 s late
 */
export function batch<T>(options: BatchOptions): Operator<T, T[]> {
  const opts = checkOptions(options, ['size', 'timeMs'], 'batch');
  const size = checkInteger('size', opts.size, 1);
  const timeMs = opts.timeMs === undefined ? Infinity : checkDuration('timeMs', opts.timeMs);
  return operate<T, T[]>((source) => new BatchStage(source, size, timeMs));
}

class BatchStage<T> extends OperatorStage<T, T[]> {
  private current: T[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(source: StageBase<T>, private readonly size: number, private readonly timeMs: number) {
    super(source, 'batch');
  }

  protected copy(source: StageBase<T>): BatchStage<T> {
    return new BatchStage(source, this.size, this.timeMs);
  }

  protected handle(events: readonly T[]): void {
    const full: T[][] = [];
    for (let i = 0; i < events.length; i++) {
      this.current.push(events[i]!);
      if (this.current.length === this.size) {
        full.push(this.current);
        this.current = [];
      }
    }
    if (full.length > 0) {
      this.stopTimer();
      this.emit(full);
    }
    if (this.current.length > 0 && this.timer === null && this.timeMs !== Infinity) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush();
      }, this.timeMs);
    }
  }

  protected override onUpstreamEnd(): void {
    this.flush();
    this.complete();
  }

  protected override onUpstreamError(error: unknown): void {
    this.flush();
    this.error(error);
  }

  protected override onRelease(): void | Promise<void> {
    this.stopTimer();
    return super.onRelease();
  }

  private flush(): void {
    this.stopTimer();
    if (this.current.length === 0) return;
    const partial = this.current;
    this.current = [];
    this.emit([partial]);
  }

  private stopTimer(): void {
    if (this.timer === null) return;
    clearTimeout(this.timer);
    this.timer = null;
  }
}
