// A supervisor's restart intensity (ConsumerSupervisor's `max_restarts` in `max_seconds`):
// each restart is recorded, and once more than `maxRestarts` fall within the last `maxSeconds` the
// supervisor gives up instead of restarting again.

/**
 * Counts restarts within a sliding window.
 *
 * @example
 * const intensity = new RestartIntensity(3, 5);
 * intensity.allow(Date.now()); // true: 1 restart in the last 5 s
 */
export class RestartIntensity {
  // Restart times (ms) within the window; never more than maxRestarts + 1 entries.
  private times: number[] = [];

  constructor(readonly maxRestarts: number, readonly maxSeconds: number) {}

  /** Records a restart at `now` (ms): true when it is allowed, false when it exceeds the intensity. */
  allow(now: number): boolean {
    // GenStage keeps a restart while `now <= then + max_seconds`.
    const oldest = now - this.maxSeconds * 1000;
    this.times = this.times.filter((then) => then >= oldest);
    this.times.push(now);
    return this.times.length <= this.maxRestarts;
  }
}
