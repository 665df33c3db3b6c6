import type { StageBase } from '../src/stages/stage.js';
import type { Operator } from '../src/types.js';
import { checkFunction } from '../src/validate.js';
import { OperatorStage, operate } from './operate.js';
import { isThenable } from './step.js';

/**
 * Runs `fn` once when the stage ends, however it ends, as RxJS's `finalize`: upstream completed (before the
 * completion is passed on), upstream failed, or the last subscriber left (after upstream was released). A promise
 * `fn` returns is awaited; an error it throws at completion fails the stage.
 *
 * @example
 * await toArray(pipe([1, 2], finalize(() => console.log('closed')))); // logs 'closed'; [1, 2]
 */
export function finalize<T>(fn: () => void | PromiseLike<void>): Operator<T, T> {
  checkFunction('fn', fn);
  return operate<T, T>((source) => new FinalizeStage(source, fn));
}

class FinalizeStage<T> extends OperatorStage<T, T> {
  private finalized = false;

  constructor(source: StageBase<T>, private readonly fn: () => void | PromiseLike<void>) {
    super(source, 'finalize');
  }

  protected copy(source: StageBase<T>): FinalizeStage<T> {
    return new FinalizeStage(source, this.fn);
  }

  protected handle(batch: readonly T[]): void {
    this.emit(batch);
  }

  protected override onUpstreamEnd(): void {
    let done: void | PromiseLike<void>;
    try {
      done = this.runOnce();
    } catch (error) {
      this.error(error);
      return;
    }
    if (!isThenable(done)) this.complete();
    else {
      done.then(
        () => this.complete(),
        (error) => this.error(error),
      );
    }
  }

  // Failed or left by its last subscriber: `fn` runs once upstream was released.
  // Its callback ran when the last subscriber left: the run it closed does not go on.
  protected override reopen(): boolean {
    return false;
  }

  protected override onRelease(): void | Promise<void> {
    const released = super.onRelease();
    if (released) return released.then(() => this.runOnce());
    try {
      const done = this.runOnce();
      if (isThenable(done)) return Promise.resolve(done);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private runOnce(): void | PromiseLike<void> {
    if (this.finalized) return;
    this.finalized = true;
    return this.fn();
  }
}
