// A consumer of a synchronous source never waits, so it would run to the end without letting timers, I/O,
// abort signals or other consumers in. After a run of synchronous batches, it yields one macrotask.

const SYNC_BATCHES = 64;

/** Runs `callback` in a later macrotask (captured now, so fake timers in tests do not freeze the pipeline). */
export const later: (callback: () => void) => unknown =
  typeof setImmediate === 'function' ? setImmediate : (callback) => setTimeout(callback, 0);

export class Fairness {
  private run = 0;

  /** A batch came synchronously: returns a promise to await when it is time to let others run. */
  synchronous(): Promise<void> | undefined {
    if (++this.run < SYNC_BATCHES) return undefined;
    this.run = 0;
    return new Promise((resolve) => later(resolve));
  }

  /** The consumer had to wait: others ran meanwhile. */
  waited(): void {
    this.run = 0;
  }
}
