// start(): runs a pipeline in the background, as the seed's Supervisor.start_link, with a graceful stop().
import { run } from '../consumers/consume.js';
import { toStage } from '../stages/from.js';
import { pipelineGraph } from './inspect.js';
import type { Tracer } from './trace.js';
import type { Source, StageStats } from '../types.js';
import { checkBoolean, checkOptionalFunction, checkOptions, checkSignal, checkSource } from '../validate.js';

export interface StartOptions {
  /** Aborting it stops the pipeline at once, as `stop({ drain: false })`. */
  signal?: AbortSignal;
  /** Receives the trace events of every stage that has no tracer of its own. */
  trace?: Tracer;
}

export interface StopOptions {
  /** true (default): let in-flight events and workers finish and flow to the end. false: cancel them now. */
  drain?: boolean;
}

export interface RunningPipeline {
  /** Resolves when the pipeline completed or was stopped; rejects with the error that failed it. */
  readonly done: Promise<void>;
  /** Stops the pipeline; resolves once everything settled and every upstream was released. Safe to call twice. */
  stop(options?: StopOptions): Promise<void>;
  /** One entry per stage, upstream first. */
  stats(): StageStats[];
}

/**
 * Runs a pipeline until it completes or is stopped (GenStage's `Supervisor.start_link` / `Supervisor.stop`).
 * `stop()` is graceful: its sources take no new events, what is in flight finishes and flows to the end, then
 * every upstream is released. `stop({ drain: false })` cancels in-flight work at once (workers' signals abort).
 *
 * @example
 * const running = start(pipe(pages, consumerSupervisor(2, scrape)), { trace: logger({ unit: 'pages' }) });
 * pages.push(['page1', 'page2']);
 * await running.stop();
 */
export function start(pipeline: Source<unknown>, options?: StartOptions): RunningPipeline {
  checkSource('pipeline', pipeline);
  const opts = checkOptions(options, ['signal', 'trace'], 'start');
  const signal = checkSignal(opts.signal);
  const trace = checkOptionalFunction<Tracer>('trace', opts.trace);
  const last = toStage(pipeline);
  const graph = pipelineGraph(last);
  if (trace) for (const node of graph) node.stage.setTracer(trace);
  const sources = graph.filter((node) => node.inputs.length === 0).map((node) => node.stage);

  const cancel = new AbortController();
  const done = signal?.aborted
    ? Promise.resolve()
    : run(last, { signal: cancel.signal }).catch((error: unknown) => {
        if (cancel.signal.aborted && error === cancel.signal.reason) return;
        throw error;
      });
  // Nobody may be watching `done`: its rejection must not go unhandled.
  const settled = done.then(noop, noop);

  let stopping = false;
  const stop = (stopOptions?: StopOptions): Promise<void> => {
    const { drain = true } = checkOptions(stopOptions, ['drain'], 'stop');
    checkBoolean('drain', drain);
    if (!drain) cancel.abort(new Error('the pipeline was stopped'));
    if (!stopping) {
      stopping = true;
      // Sources end: producers stop calling handleDemand and deliver what they hold; iterators are closed.
      for (const stage of sources) stage.drain();
    }
    return settled;
  };
  const onAbort = () => void stop({ drain: false });
  signal?.addEventListener('abort', onAbort, { once: true });
  void settled.then(() => {
    // A long-lived signal must not keep a listener per pipeline it once watched.
    signal?.removeEventListener('abort', onAbort);
    for (const stage of sources) stage.drain();
  });

  return { done, stop, stats: () => graph.map((node) => node.stage.stats()) };
}

function noop(): void {}
