import { toStage } from '../src/stages/from.js';
import type { StageBase } from '../src/stages/stage.js';
import type { Operator, Source } from '../src/types.js';
import { checkFunction, checkSource } from '../src/validate.js';
import { OperatorStage, operate } from './operate.js';

/**
 * On an upstream error, switches to the fallback source `fn(error)` returns, as RxJS's `catchError`: the events
 * upstream emitted before its error are passed on first, then the fallback's. An error of the fallback itself
 * (or thrown by `fn`) fails the stage. Rethrow in `fn` to let errors you do not handle through.
 *
 * @example
 * async function* flaky() { yield 1; throw new Error('lost connection'); }
 * await toArray(pipe(flaky(), catchError(() => [0]))); // [1, 0]
 */
export function catchError<T, R = T>(fn: (error: unknown) => Source<R>): Operator<T, T | R> {
  checkFunction('fn', fn);
  return operate<T, T | R>((source) => new CatchErrorStage<T | R>(source as StageBase<T | R>, fn));
}

class CatchErrorStage<T> extends OperatorStage<T, T> {
  private caught = false;

  constructor(source: StageBase<T>, private readonly fn: (error: unknown) => Source<T>) {
    super(source, 'catchError');
  }

  protected copy(source: StageBase<T>): CatchErrorStage<T> {
    return new CatchErrorStage(source, this.fn);
  }

  protected handle(batch: readonly T[]): void {
    this.emit(batch);
  }

  protected override onUpstreamError(error: unknown): void {
    if (this.caught) return this.error(error);
    this.caught = true;
    const fallback = this.fn(error);
    checkSource('the result of catchError fn', fallback);
    this.attach(toStage(fallback));
  }
}
