// start(): runs a pipeline in the background, as the seed's Supervisor.start_link, with a graceful stop() bounded
// by a shutdown timeout, as Broadway's `shutdown` option.
import { runStarted } from '../consumers/consume.js';
import { asyncDispose } from '../dispose.js';
import { toStage } from '../stages/from.js';
import { pipelineGraph } from './inspect.js';
import type { Tracer } from './trace.js';
import type { Source, StageStats } from '../types.js';
import { checkBoolean, checkDuration, checkOptionalFunction, checkOptions, checkSignal, checkSource } from '../validate.js';

declare global {
  // RunningPipeline's [Symbol.asyncDispose], declared as TypeScript's lib.esnext.disposable and @types/node
  // declare it, so that the published types compile in projects whose `lib` predates it.
  interface SymbolConstructor {
    readonly asyncDispose: unique symbol;
  }
}

/** How long a graceful stop waits by default before it cancels what is still in flight: Broadway's 30 s. */
export const DEFAULT_STOP_TIMEOUT_MS = 30_000;

export interface StartOptions {
  /** Aborting it stops the pipeline at once, as `stop({ drain: false })`. */
  signal?: AbortSignal;
  /** Receives the trace events of every stage that has no tracer of its own. */
  trace?: Tracer;
  /**
   * How long a graceful `stop()` (and `await using`'s) lets in-flight work finish before cancelling it, in ms.
   * Default 30 000, as Broadway's `shutdown`; `Infinity` waits without limit.
   */
  stopTimeoutMs?: number;
}

export interface StopOptions {
  /** true (default): let in-flight events and workers finish and flow to the end. false: cancel them now. */
  drain?: boolean;
  /** This stop's limit for the drain, in ms, instead of start()'s `stopTimeoutMs`; `Infinity` waits without limit. */
  timeoutMs?: number;
}

export interface StopResult {
  /**
   * true: everything in flight finished and flowed to the end (or the pipeline had already completed).
   * false: in-flight work was cancelled, by `drain: false`, the signal, the timeout or a failure.
   */
  readonly drained: boolean;
  /** The drain took longer than its timeout, so what was still in flight was cancelled. */
  readonly timedOut: boolean;
}

export interface RunningPipeline {
  /**
   * Resolves when the pipeline completed or was stopped; rejects with the error that failed it. A failure that
   * finds no handler on `done` is printed on the console (GenStage's crash report); no rejection is left unhandled.
   */
  readonly done: Promise<void>;
  /**
   * Stops the pipeline: its sources take no new events at once, and what they already handed out (held in
   * buffers, being handled) finishes and flows to the end, for at most `timeoutMs`; then what is still in
   * flight is cancelled (workers' signals abort, a Redis stream leaves its messages pending, worker threads
   * are terminated). Resolves once everything settled and every upstream was released (after a cancellation,
   * waiting for the release at most 100 ms, as any cancelled consumer), and says how it went; never rejects (a
   * failure is `done`'s). Safe to call twice: the earliest deadline holds.
   */
  stop(options?: StopOptions): Promise<StopResult>;
  /** One entry per stage, upstream first. */
  stats(): StageStats[];
  /** `await using running = start(…)`: a graceful `stop()` at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Runs a pipeline until it completes or is stopped (GenStage's `Supervisor.start_link` / `Supervisor.stop`).
 * `stop()` is graceful: its sources take no new events, what is in flight finishes and flows to the end, then
 * every upstream is released; past `stopTimeoutMs` (30 s) what is left is cancelled. `stop({ drain: false })`
 * cancels in-flight work at once (workers' signals abort).
 *
 * @example
 * const running = start(pipe(pages, consumerSupervisor(2, scrape)), { trace: logger({ unit: 'pages' }) });
 * pages.push(['page1', 'page2']);
 * const { drained } = await running.stop({ timeoutMs: 5_000 });
 *
 * @example
 * {
 *   await using running = start(pipe(pages, consumerSupervisor(2, scrape)));
 *   pages.push(['page1']);
 * } // stopped here, gracefully
 */
export function start(pipeline: Source<unknown>, options?: StartOptions): RunningPipeline {
  checkSource('pipeline', pipeline);
  const opts = checkOptions(options, ['signal', 'trace', 'stopTimeoutMs'], 'start');
  const signal = checkSignal(opts.signal);
  const trace = checkOptionalFunction<Tracer>('trace', opts.trace);
  const defaultTimeout = checkDuration('stopTimeoutMs', opts.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS, { infinite: true });
  const last = toStage(pipeline);
  const graph = pipelineGraph(last);
  if (trace) for (const node of graph) node.stage.setTracer(trace);
  const sources = graph.filter((node) => node.inputs.length === 0).map((node) => node.stage);

  const cancel = new AbortController();
  if (signal?.aborted) cancel.abort(signal.reason);
  const finished = signal?.aborted
    ? Promise.resolve()
    : runStarted(last, cancel.signal).catch((error: unknown) => {
        if (cancel.signal.aborted && error === cancel.signal.reason) return;
        throw error;
      });
  // `done` is the caller's. A failure nobody handles there is reported on the console, as GenStage's crash report,
  // never as an unhandled rejection (that would crash a process whose caller chose to look at stats() instead).
  const done = reportedUnlessWatched(finished, last);
  let failed = false;
  const settled = finished.then(noop, () => void (failed = true));

  let stopping = false;
  let timedOut = false;
  const result = settled.then((): StopResult => ({ drained: !failed && !cancel.signal.aborted, timedOut }));

  const cancelNow = () => {
    if (cancel.signal.aborted) return;
    cancel.abort(new Error('the pipeline was stopped'));
    // Producers reject the writes still waiting; iterators are closed.
    for (const stage of sources) stage.drain(false);
  };
  const deadline = drainDeadline(() => {
    timedOut = true;
    cancelNow();
  });

  const stop = (stopOptions?: StopOptions): Promise<StopResult> => {
    const { drain = true, timeoutMs } = checkOptions(stopOptions, ['drain', 'timeoutMs'], 'stop');
    checkBoolean('drain', drain);
    const limit = timeoutMs === undefined ? defaultTimeout : checkDuration('timeoutMs', timeoutMs, { infinite: true });
    if (!drain) {
      cancelNow();
      return result;
    }
    if (!stopping) {
      stopping = true;
      // Sources end at once: producers stop calling handleDemand and deliver what they hold; iterators are
      // read no further. What was handed out already finishes downstream.
      for (const stage of sources) stage.drain(true);
    }
    deadline.limit(limit);
    return result;
  };
  const onAbort = () => void stop({ drain: false });
  signal?.addEventListener('abort', onAbort, { once: true });
  void settled.then(() => {
    deadline.clear();
    // A long-lived signal must not keep a listener per pipeline it once watched.
    signal?.removeEventListener('abort', onAbort);
    for (const stage of sources) stage.drain();
  });

  return {
    done,
    stop,
    stats: () => graph.map((node) => node.stage.stats()),
    // No Symbol.dispose: a synchronous `using` could not wait for the drain, and would leave the scope with the
    // pipeline still running.
    [asyncDispose]: () => stop().then(noop),
  };
}

/**
 * The drain's deadline: the earliest any stop() asked for. Its timer keeps the process alive on purpose: a drain
 * waiting on work that never ends must still be cut at its deadline. Once cleared, no limit sets a timer again.
 */
function drainDeadline(expire: () => void): { limit(timeoutMs: number): void; clear(): void } {
  let deadline = Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let cleared = false;
  return {
    limit(timeoutMs) {
      if (cleared || Date.now() + timeoutMs >= deadline) return;
      deadline = Date.now() + timeoutMs;
      clearTimeout(timer);
      timer = setTimeout(expire, timeoutMs);
    },
    clear() {
      cleared = true;
      clearTimeout(timer);
    },
  };
}

function noop(): void {}

/**
 * `done`, which knows whether anyone watches it: `await`, then, catch and finally all reach `then` (a subclass is not
 * awaited directly, so `await` calls it too). Derived promises are plain ones.
 */
class Done extends Promise<void> {
  static override get [Symbol.species]() {
    return Promise;
  }

  watched = false;

  override then<A = void, B = never>(
    onFulfilled?: ((value: void) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.watched = true;
    return super.then(onFulfilled, onRejected);
  }
}

/** A failure nobody watched on `done` when it happened is printed, with the pipeline it failed. */
function reportedUnlessWatched(finished: Promise<void>, last: { kind: string; name: string }): Promise<void> {
  const done = new Done((resolve, reject) => void finished.then(resolve, reject));
  Promise.prototype.then.call(done, undefined, (error: unknown) => {
    if (!done.watched) console.error(`genstage: the pipeline ending in ${last.kind} ${last.name} failed and nothing handled start(…).done:`, error);
  });
  return done;
}
