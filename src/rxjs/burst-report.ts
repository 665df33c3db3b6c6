// One discard report per synchronous burst: a Subject pushing 100 000 values into a full buffer warns once,
// with the total, rather than once per value.

export class BurstReport {
  /** Where an exception of the report goes (the stage fails with it). */
  onError: (error: unknown) => void = () => undefined;
  private total = 0;

  constructor(private readonly report: (count: number) => void) {}

  /** Counts discarded events; the report runs once the current synchronous burst finished. */
  readonly add = (count: number): void => {
    if (this.total === 0) queueMicrotask(this.flush);
    this.total += count;
  };

  private readonly flush = (): void => {
    const count = this.total;
    this.total = 0;
    try {
      this.report(count);
    } catch (error) {
      this.onError(error);
    }
  };
}
