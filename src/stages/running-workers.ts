// The workers a stage runs now (consumerSupervisor): how many, the one signal that aborts them all,
// and a promise for the moment none is left, so a cancelled stage settles only after its workers did.

/**
 * Counts running workers and aborts them together.
 *
 * @example
 * const workers = new RunningWorkers();
 * workers.started();
 * const idle = workers.whenIdle();
 * workers.abort();
 * workers.settled(); // idle resolves
 */
export class RunningWorkers {
  count = 0;
  private readonly controller = new AbortController();
  private idle: Promise<void> | null = null;
  private resolveIdle: (() => void) | null = null;

  /** The signal every worker gets: one per stage, so starting a worker allocates none. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  started(): void {
    this.count++;
  }

  settled(): void {
    this.count--;
    if (this.count === 0 && this.resolveIdle !== null) {
      this.resolveIdle();
      this.idle = this.resolveIdle = null;
    }
  }

  /** Aborts the signal of every worker, running or yet to run. */
  abort(reason?: unknown): void {
    this.controller.abort(reason);
  }

  /** Resolves once no worker is running. */
  whenIdle(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return (this.idle ??= new Promise<void>((resolve) => (this.resolveIdle = resolve)));
  }
}
