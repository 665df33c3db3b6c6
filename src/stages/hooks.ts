// The callbacks a stage kind implements, as a GenStage callback module does: each has a default, so a kind
// overrides only what it needs, and the machinery that calls them (core.ts) stays private.
import { StageBase } from './stage.js';

export abstract class StageHooks<T> extends StageBase<T> {
  /** The first subscriber arrived. */
  protected onStart(): void {}

  /** Subscribers want `n` more events that the buffer could not serve: once per ask, as GenStage's handle_demand. */
  protected onDemand(_n: number): void {}

  /** The ledger changed (an ask, a departure, a delivery): stages that pull while `wanted > 0` resume here. */
  protected onDemandChange(): void {}

  /** Release upstream: the last subscriber left or the stage failed. Runs at most once. */
  protected onRelease(): void | Promise<void> {}

  /** The last subscriber left: release upstream. A producer overrides this to stay up. */
  protected onIdle(): void | Promise<void> {
    return this.release();
  }

  /**
   * A subscriber arrived after the last one left and upstream was released: true when this kind can go on from
   * where it was (onStart runs again and subscribes upstream anew), false to refuse the subscriber with an error.
   * A stage never replays events: one whose source was closed on release (an iterator, an observable) refuses.
   */
  protected reopen(): boolean {
    return false;
  }

  /** Graceful stop of a source stage (start()'s stop()): take no new events, deliver what is held, then end. */
  protected onDrain(): void {
    this.complete();
  }

  /** `count` events went out to subscribers (consumerSupervisor frees a worker slot per delivered result). */
  protected onDelivered(_count: number): void {}

  /** Handlers or workers running now, for stats. */
  protected inFlight(): number {
    return 0;
  }

  protected restarts(): number {
    return 0;
  }

  // What the defaults above use; the core defines them.
  protected abstract release(): void | Promise<void>;
  protected abstract complete(): void;
}
