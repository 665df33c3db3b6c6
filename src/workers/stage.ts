// The workers() stage: GenStage's demand carried over message ports. Upstream is asked exactly the credit the
// workers hold (maxDemand per worker at first, then what each re-credit adds), events go to the worker with the
// most credit in batches of at most maxDemand - minDemand, and a worker is re-credited by the min/max rule once
// its results reached subscribers: results that wait in the buffer hold their worker's credit until subscribers
// took them, so a stalled consumer stalls the workers, and nothing queues without bound anywhere.
import { Pump } from '../protocol/pump.js';
import { Upstream } from '../protocol/upstream.js';
import { CoreStage } from '../stages/core.js';
import type { StageBase, StageInput } from '../stages/stage.js';
import type { StageStats } from '../index.js';
import type { WorkerError } from './errors.js';
import type { WorkersSettings } from './options.js';
import { ChunkQueue } from '../protocol/chunk-queue.js';
import { Reorder } from './reorder.js';
import { WorkerThread, type ThreadHost, type WorkerStats } from './thread.js';

/** The stage's stats, with each worker's. */
export interface WorkersStats extends StageStats {
  workers: WorkerStats[];
}

/** A worker's batch of `count` events, done. */
interface Credit<B> {
  thread: WorkerThread<B>;
  count: number;
}

interface Returned<B> extends Credit<B> {
  results: B[];
}

let counter = 0;

export class WorkersStage<A, B> extends CoreStage<B> implements ThreadHost<B> {
  private readonly threads: WorkerThread<B>[];
  private readonly queue = new ChunkQueue<A>();
  private readonly order: Reorder<Returned<B>> | null;
  private readonly chunk: number;
  // Workers whose results wait in the buffer: they are credited once subscribers took them.
  private uncredited: Credit<B>[] = [];
  private upstream: Upstream<A> | null = null;
  private pump: Pump<A> | null = null;
  private launched = false;
  private upstreamDone = false;
  // Set once the stage finishes, fails or is released: nothing is sent or credited after that.
  private stopping = false;
  private shutDown: Promise<void> | null = null;
  private seq = 0;

  constructor(private readonly source: StageBase<A>, private readonly settings: WorkersSettings) {
    const name = settings.name ?? `workers-${++counter}`;
    const { maxDemand, minDemand } = settings;
    const input: StageInput = { stage: source as StageBase<unknown>, options: { maxDemand, minDemand } };
    const threads: WorkerThread<B>[] = [];
    for (let i = 1; i <= settings.n; i++) threads.push(new WorkerThread<B>({ ...settings, name: `${name}#${i}`, input }));
    const inputs: StageInput[] = threads.map((thread) => ({ stage: thread as unknown as StageBase<unknown>, options: {} }));
    super({ name, kind: 'workers', bufferSize: Infinity, bufferKeep: 'last', inputs, trace: settings.trace });
    this.threads = threads;
    for (const thread of threads) thread.attach(this);
    this.order = settings.ordered ? new Reorder<Returned<B>>() : null;
    this.chunk = maxDemand - minDemand;
  }

  // The threads start on first demand, not on subscribe: a subscriber that never asks costs no threads.
  protected onDemand(): void {
    if (!this.launched) this.launch();
  }

  // Called after every change of the subscribers' demand, deliveries from the buffer included: once they took
  // every waiting result, the workers those results came from get their credit back.
  protected override onDemandChange(): void {
    if (this.buffered === 0) this.releaseCredits();
  }

  protected onRelease(): Promise<void> {
    return this.shutdown(false);
  }

  protected inFlight(): number {
    let held = 0;
    for (const thread of this.threads) held += thread.held;
    return held;
  }

  override stats(): WorkersStats {
    return { ...super.stats(), workers: this.threads.map((thread) => thread.workerStats()) };
  }

  returned(thread: WorkerThread<B>, seq: number, count: number, results: B[]): void {
    if (this.stopping) return;
    const entry = { thread, count, results };
    if (this.order === null) this.emitResults(entry);
    else for (const ready of this.order.put(seq, entry)) this.emitResults(ready);
    this.finishIfIdle();
  }

  failed(_thread: WorkerThread<B>, error: WorkerError): void {
    this.fail(error);
  }

  private launch(): void {
    this.launched = true;
    const { n, maxDemand, minDemand } = this.settings;
    let upstream: Upstream<A>;
    try {
      for (const thread of this.threads) thread.start();
      // Manual mode: this stage asks as its workers are credited, not as a consumer's handler returns.
      upstream = new Upstream(this.source, { mode: 'manual', maxDemand, minDemand });
      this.upstream = upstream;
      // Each worker's first demand, as n consumers of maxDemand would ask.
      for (let i = 0; i < n; i++) upstream.subscription.ask(maxDemand);
    } catch (error) {
      this.fail(error);
      return;
    }
    // Every batch that arrives was asked for by some worker's credit, so the pump always takes it.
    this.pump = new Pump(upstream, {
      wants: () => !this.stopping,
      handle: (events) => {
        this.received += events.length;
        this.queue.push(events);
        this.dispatch();
      },
      ended: () => {
        this.upstreamDone = true;
        this.finishIfIdle();
      },
      failed: (error) => this.fail(error),
    });
    this.pump.run();
  }

  /** GenStage's demand dispatcher over the workers: the one with the most credit gets the next batch. */
  private dispatch(): void {
    while (this.queue.length > 0 && !this.stopping) {
      let best: WorkerThread<B> | undefined;
      for (const thread of this.threads) if (thread.allowance > (best?.allowance ?? 0)) best = thread;
      if (best === undefined) return;
      const events = this.queue.take(Math.min(best.allowance, this.chunk));
      if (!best.send(this.seq, events)) return;
      this.seq++;
    }
  }

  private emitResults({ thread, count, results }: Returned<B>): void {
    if (this.stopping || !this.live) return;
    if (results.length > 0) this.emit(results);
    this.uncredited.push({ thread, count });
    // Results no subscriber could take yet wait in the buffer, and hold their worker's credit until
    // onDemandChange sees the buffer empty; the buffer holds at most what the workers held, n × maxDemand.
    if (this.buffered === 0) this.releaseCredits();
  }

  private releaseCredits(): void {
    const uncredited = this.uncredited;
    this.uncredited = [];
    for (const { thread, count } of uncredited) this.credit(thread, count);
  }

  private credit(thread: WorkerThread<B>, count: number): void {
    if (this.stopping) return;
    const ask = thread.delivered(count);
    if (ask > 0 && !this.upstreamDone) this.upstream?.subscription.ask(ask);
    this.dispatch();
  }

  private finishIfIdle(): void {
    if (!this.upstreamDone || this.stopping || this.queue.length > 0 || (this.order?.size ?? 0) > 0) return;
    if (this.inFlight() > 0) return;
    // The threads are gone before subscribers see the end, so a finished pipeline leaves none running.
    void this.shutdown(true).then(() => this.complete());
  }

  /** Fails the stage with `error` (the same object) once every thread exited and upstream was released. */
  private fail(error: unknown): void {
    if (this.stopping) return;
    void this.shutdown(false, error).then(() => this.error(error));
  }

  private shutdown(done: boolean, reason?: unknown): Promise<void> {
    this.stopping = true;
    if (this.shutDown === null) {
      this.queue.clear();
      this.order?.clear();
      this.uncredited = [];
      const upstream = this.upstream;
      this.upstream = null;
      this.pump?.stop();
      this.pump = null;
      const exits: Promise<unknown>[] = this.threads.map((thread) => thread.terminate(done));
      try {
        const cancelled = upstream?.cancel(reason);
        if (cancelled) exits.push(cancelled);
      } catch {
        // A failing upstream release must not keep the threads alive or hide the error being handled.
      }
      this.shutDown = Promise.allSettled(exits).then(() => undefined);
    }
    return this.shutDown;
  }
}
