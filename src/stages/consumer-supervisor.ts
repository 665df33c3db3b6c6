// consumerSupervisor(): GenStage's ConsumerSupervisor. One worker per event, at most
// `maxDemand` at once: the stage asks upstream `maxDemand` when it starts and asks again for the slots
// its workers free (SlotCounter's rule). A slot is free once the worker's result reached a subscriber,
// so a stalled consumer stalls the supervisor and nothing piles up here.
import {
  checkSupervisorOptions,
  warnDropped,
  type ConsumerSupervisorOptions,
  type SupervisorSettings,
} from './consumer-supervisor-options.js';
import { CoreStage } from './core.js';
import { SlotCounter } from '../protocol/demand.js';
import { toStage } from './from.js';
import { Pump } from '../protocol/pump.js';
import { Upstream } from '../protocol/upstream.js';
import { ReorderWindow } from './reorder-window.js';
import { RestartIntensity } from './restart-intensity.js';
import { RunningWorkers } from './running-workers.js';
import type { StageBase } from './stage.js';
import type { Operator, Source } from '../types.js';
import { checkFunction, checkSource, defaultName, isThenable } from '../validate.js';

export type { ConsumerSupervisorOptions, RestartStrategy } from './consumer-supervisor-options.js';

/** What a worker gets besides its event. */
export interface WorkerContext {
  /** Aborted when the pipeline is cancelled or fails: stop work and settle soon. */
  readonly signal: AbortSignal;
  /** 1 for the first run of this event, then 2, 3, … for each restart. */
  readonly attempt: number;
}

export type SupervisorWorker<A, R> = (event: A, context: WorkerContext) => R | PromiseLike<R>;

/**
 * Runs `worker` once per event, at most `maxDemand` at once, and emits each result (completion order,
 * or input order with `ordered: true`). A worker that throws or rejects runs again with the same event
 * (`restart: 'transient'`), unless more than `maxRestarts` restarts fall within `maxSeconds`: then the
 * pipeline fails with that worker's error. With `restart: 'temporary'` the event is dropped and reported
 * to `onError`. Cancelling the pipeline aborts every worker's `signal` and waits for them to settle.
 *
 * @example
 * import { setTimeout as sleep } from 'node:timers/promises';
 * const pages = producer<string>({ handleDemand: (n) => console.log(`PageProducer received demand for ${n} pages`) });
 * const scraped = pipe(pages, consumerSupervisor(2, async (page: string, { signal }) => {
 *   await sleep(20, undefined, { signal }); // the scraping work
 *   return `${page} scraped`;
 * }));
 * pages.push(['page1', 'page2', 'page3']);
 * pages.end();
 * console.log(await toArray(scraped)); // ['page1 scraped', 'page2 scraped', 'page3 scraped']
 */
export function consumerSupervisor<A, R>(
  maxDemand: number,
  worker: SupervisorWorker<A, R>,
  options?: ConsumerSupervisorOptions<A>,
): Operator<A, R> {
  const settings = checkSupervisorOptions(maxDemand, options);
  checkFunction('worker', worker);
  return (source: Source<A>) => {
    checkSource('source', source);
    return new ConsumerSupervisorStage(toStage(source), worker, settings);
  };
}

class ConsumerSupervisorStage<A, R> extends CoreStage<R> {
  private upstream: Upstream<A> | null = null;
  private pump: Pump<A> | null = null;
  private readonly slots: SlotCounter;
  private readonly intensity: RestartIntensity;
  private readonly onError: (error: unknown, event: A) => void;
  private readonly workers = new RunningWorkers();
  private readonly firstAttempt: WorkerContext;
  private readonly order: ReorderWindow<R> | null;
  private nextSeq = 0;
  // Results waiting for the next flush, and slots freed with no result (dropped events).
  private ready: R[] = [];
  private dropped = 0;
  private flushScheduled = false;
  private starting = false;
  private restartCount = 0;
  private upstreamDone = false;
  private stopping = false;
  private readonly flushTask = () => this.flush();

  constructor(
    private readonly source: StageBase<A>,
    private readonly worker: SupervisorWorker<A, R>,
    private readonly settings: SupervisorSettings<A>,
  ) {
    const name = settings.name ?? defaultName('consumerSupervisor');
    const demand = { maxDemand: settings.maxDemand, minDemand: settings.minDemand };
    const inputs = [{ stage: source as StageBase<unknown>, options: demand }];
    super({ name, kind: 'consumerSupervisor', bufferSize: Infinity, bufferKeep: 'last', inputs, trace: settings.trace });
    this.slots = new SlotCounter(settings.maxDemand, settings.minDemand);
    this.intensity = new RestartIntensity(settings.maxRestarts, settings.maxSeconds);
    this.onError = settings.onError ?? warnDropped(name);
    this.firstAttempt = Object.freeze({ signal: this.workers.signal, attempt: 1 });
    this.order = settings.ordered ? new ReorderWindow<R>(settings.maxDemand) : null;
  }

  protected onStart(): void {
    const { maxDemand, minDemand } = this.settings;
    try {
      // Manual mode: this stage asks as its slots free, not as a consumer's handler returns.
      this.upstream = new Upstream(this.source, { maxDemand, minDemand, mode: 'manual' });
      this.upstream.subscription.ask(maxDemand);
    } catch (error) {
      this.stop(error);
      return;
    }
    this.pump = new Pump(this.upstream, {
      wants: () => this.accepting,
      handle: (events) => {
        this.received += events.length;
        this.startAll(events);
      },
      ended: () => {
        this.upstreamDone = true;
        this.completeIfIdle();
      },
      failed: (error) => this.stop(error),
    });
    this.pump.run();
  }

  protected onRelease(): void | Promise<void> {
    this.workers.abort();
    const cancelled = this.cancelUpstream();
    if (this.workers.count === 0 && !cancelled) return;
    return settleAll(cancelled, this.workers.whenIdle());
  }

  protected inFlight(): number {
    return this.workers.count;
  }

  protected restarts(): number {
    return this.restartCount;
  }

  // Every dispatch passes here, fresh results and buffered ones alike: a delivered result frees its slot.
  protected override onDelivered(count: number): void {
    this.freeSlots(count);
  }

  private get accepting(): boolean {
    return this.running && !this.stopping;
  }

  private startAll(events: readonly A[]): void {
    // Results of sync workers are flushed together once the whole batch started.
    this.starting = true;
    for (let i = 0; i < events.length && this.accepting; i++) this.launch(events[i]!, this.nextSeq++, 1);
    this.starting = false;
    if (this.flushScheduled) this.flush();
  }

  private launch(event: A, seq: number, attempt: number): void {
    for (;;) {
      let result: R | PromiseLike<R>;
      try {
        const context = attempt === 1 ? this.firstAttempt : { signal: this.workers.signal, attempt };
        result = this.worker(event, context);
      } catch (error) {
        if (!this.restartAfter(error, event, seq, attempt)) return;
        attempt++;
        continue;
      }
      if (isThenable(result)) {
        this.watch(result as PromiseLike<R>, event, seq, attempt);
      } else {
        this.succeeded(seq, result as R);
      }
      return;
    }
  }

  private watch(promise: PromiseLike<R>, event: A, seq: number, attempt: number): void {
    this.workers.started();
    promise.then(
      (value) => {
        this.workers.settled();
        this.succeeded(seq, value);
      },
      (error: unknown) => {
        this.workers.settled();
        if (this.restartAfter(error, event, seq, attempt)) this.launch(event, seq, attempt + 1);
      },
    );
  }

  // A result computed while the stage stops for an error still goes out before that error.
  private succeeded(seq: number, value: R): void {
    if (!this.live) return;
    if (this.order) this.order.put(seq, value);
    else this.ready.push(value);
    this.scheduleFlush();
  }

  /** A worker failed: true when it must run again (transient), false when the event is done with. */
  private restartAfter(error: unknown, event: A, seq: number, attempt: number): boolean {
    // A worker failing while the stage shuts down was most likely aborted: nothing to report.
    if (!this.accepting) return false;
    if (this.settings.restart === 'temporary') {
      this.drop(error, event, seq);
      return false;
    }
    if (!this.intensity.allow(Date.now())) {
      this.stop(error);
      return false;
    }
    this.restartCount++;
    this.trace({ type: 'restart', attempt: attempt + 1, error, event });
    return true;
  }

  private drop(error: unknown, event: A, seq: number): void {
    try {
      this.onError(error, event);
    } catch (failure) {
      this.stop(failure);
      return;
    }
    if (this.order) this.order.skip(seq);
    else this.dropped++;
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    if (!this.starting) queueMicrotask(this.flushTask);
  }

  /** Emits the results ready (batched per microtask), frees the slots of dropped events, completes if done. */
  private flush(): void {
    this.flushScheduled = false;
    if (!this.live) return;
    try {
      if (this.order) this.dropped += this.order.drain(this.ready);
      if (this.ready.length > 0) {
        const results = this.ready;
        this.ready = [];
        this.emit(results);
      }
      if (this.dropped > 0) {
        const freed = this.dropped;
        this.dropped = 0;
        this.freeSlots(freed);
      }
      this.completeIfIdle();
    } catch (error) {
      this.stop(error);
    }
  }

  /** GenStage's maybe_ask, one slot at a time, so the asks upstream sees are GenStage's. */
  private freeSlots(count: number): void {
    const upstream = this.upstream;
    if (upstream === null || !this.accepting) return;
    for (let i = 0; i < count; i++) {
      const ask = this.slots.freed();
      if (ask > 0) upstream.subscription.ask(ask);
    }
  }

  private completeIfIdle(): void {
    if (this.upstreamDone && this.workers.count === 0 && !this.flushScheduled && this.accepting) this.complete();
  }

  /** Fails the stage with `error` (the same object) once every running worker settled. */
  private stop(error: unknown): void {
    if (!this.accepting) return;
    this.stopping = true;
    this.workers.abort(error);
    void settleAll(this.cancelUpstream(error), this.workers.whenIdle()).then(() => this.error(error));
  }

  private cancelUpstream(reason?: unknown): void | Promise<void> {
    const upstream = this.upstream;
    this.upstream = null;
    this.pump?.stop();
    this.pump = null;
    return upstream?.cancel(reason);
  }
}

/** Resolves once both settled, whatever they settled with. */
function settleAll(a: void | Promise<void>, b: Promise<void>): Promise<void> {
  return Promise.allSettled([a, b]).then(() => undefined);
}
