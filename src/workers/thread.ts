// One worker thread of a workers() stage. It is also a node of the pipeline graph (kind `worker`, fed by the
// stage's upstream with the worker's demand), so toMermaid draws the n workers, pipelineStats lists each
// one, and start()'s tracer reaches it. Its credit follows GenStage's consumer rule: it asked `maxDemand`,
// gets batches of at most `maxDemand - minDemand`, and asks again once what it holds fell to `minDemand`.
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CoreStage } from '../stages/core.js';
import { DemandCounter } from '../protocol/demand.js';
import type { StageInput } from '../stages/stage.js';
import type { StageStats, Tracer } from '../index.js';
import { crashError, exitError, thrownError, WorkerError, type ThrownInWorker } from './errors.js';
import type { ResourceLimits } from './options.js';
import { collectBuffers } from './transfer.mjs';

// Beside this file in the sources, beside the bundle in dist/ (the build copies it there). The CommonJS build
// has no import.meta but has __filename.
const BOOTSTRAP = new URL('./bootstrap.mjs', typeof __filename === 'string' ? pathToFileURL(__filename) : import.meta.url);

let alive = 0;

/** Worker threads of all workers() stages that have not exited yet: 0 once every pipeline ended. */
export function liveWorkerThreads(): number {
  return alive;
}

export interface ThreadHost<B> {
  /** `count` events of batch `seq` came back as `results`. */
  returned(thread: WorkerThread<B>, seq: number, count: number, results: B[]): void;
  failed(thread: WorkerThread<B>, error: WorkerError): void;
}

export interface ThreadConfig {
  readonly name: string;
  readonly moduleUrl: string;
  readonly typescript: boolean;
  readonly transfer: boolean;
  readonly resourceLimits: ResourceLimits | undefined;
  readonly maxDemand: number;
  readonly minDemand: number;
  readonly input: StageInput;
  readonly trace: Tracer | undefined;
}

/** One worker's counters in the stage's stats. */
export interface WorkerStats {
  name: string;
  /** Events sent to the thread and not returned yet (never more than `maxDemand`). */
  inFlight: number;
  /** Events the thread handled. */
  handled: number;
}

type Reply<B> = { id: number; results: B[]; error?: undefined } | { id: number; error: ThrownInWorker };

export class WorkerThread<B> extends CoreStage<never> {
  /** Events this worker may still be sent. */
  allowance: number;
  /** Events in the thread now. */
  held = 0;
  handled = 0;
  private readonly credit: DemandCounter;
  // The thread handles its batches in order, so replies come back in the order of this queue.
  private readonly batches: { seq: number; count: number }[] = [];
  private worker: Worker | null = null;
  private exited: Promise<void> | null = null;
  private stopping = false;
  private host: ThreadHost<B> | null = null;

  constructor(private readonly config: ThreadConfig) {
    super({ name: config.name, kind: 'worker', bufferSize: 0, bufferKeep: 'last', inputs: [config.input], trace: config.trace });
    this.credit = new DemandCounter(config.maxDemand, config.minDemand);
    this.allowance = config.maxDemand;
  }

  /** The stage this worker reports to (it is built after its workers, which are its graph inputs). */
  attach(host: ThreadHost<B>): void {
    this.host = host;
  }

  // Nobody subscribes to a worker node: its results reach subscribers through the workers stage.
  protected onDemand(): void {}

  start(): void {
    const { moduleUrl, typescript, transfer, resourceLimits, name } = this.config;
    const worker = new Worker(BOOTSTRAP, {
      workerData: { moduleUrl, typescript, transfer },
      name,
      ...(resourceLimits ? { resourceLimits } : {}),
    });
    alive++;
    this.worker = worker;
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    // An idle thread must not keep the process alive: only one holding events does (see send / reply).
    worker.unref();
    worker.on('message', (reply: Reply<B>) => this.reply(reply));
    worker.on('error', (error) => this.crash(crashError(name, error)));
    worker.on('exit', (code) => {
      alive--;
      if (!this.stopping) this.crash(exitError(name, code));
    });
  }

  /** Sends one batch (within `allowance`); returns false if it could not be sent, after reporting why. */
  send(seq: number, events: readonly unknown[]): boolean {
    const worker = this.worker;
    if (worker === null || this.stopping) return false;
    try {
      worker.postMessage({ id: seq, events }, this.config.transfer ? collectBuffers(events) : undefined);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.crash(new WorkerError(this.name, `its events could not be sent to the thread: ${reason}`, { cause: error }));
      return false;
    }
    if (this.held === 0) worker.ref();
    this.allowance -= events.length;
    this.held += events.length;
    this.batches.push({ seq, count: events.length });
    return true;
  }

  /** The results of `count` events were taken by the stage: returns the new demand of this worker (0: none yet). */
  delivered(count: number): number {
    const ask = this.credit.handled(count);
    this.allowance += ask;
    return ask;
  }

  /** Stops the thread; resolves once it exited. `done` marks a normal end (traced as the worker's `done`). */
  terminate(done: boolean): Promise<void> {
    if (!this.stopping) {
      this.stopping = true;
      // Whatever the thread still held is dropped with it: nothing is in flight any more.
      this.held = 0;
      this.batches.length = 0;
      if (done) this.complete();
      void this.worker?.terminate();
    }
    return this.exited ?? Promise.resolve();
  }

  override stats(): StageStats {
    return { ...super.stats(), inFlight: this.held, received: this.handled + this.held, emitted: this.handled };
  }

  workerStats(): WorkerStats {
    return { name: this.name, inFlight: this.held, handled: this.handled };
  }

  private reply(reply: Reply<B>): void {
    // A module may post messages of its own on the port: only the reply to the oldest batch is ours.
    const batch = this.batches[0];
    if (batch === undefined || this.stopping || typeof reply !== 'object' || reply === null || reply.id !== batch.seq) return;
    this.batches.shift();
    if (reply.error !== undefined) {
      this.crash(thrownError(this.name, reply.error));
      return;
    }
    this.held -= batch.count;
    this.handled += batch.count;
    if (this.held === 0) this.worker?.unref();
    this.trace({ type: 'events', count: reply.results.length });
    this.host?.returned(this, batch.seq, batch.count, reply.results);
  }

  private crash(error: WorkerError): void {
    if (this.stopping) return;
    this.error(error);
    this.host?.failed(this, error);
  }
}
