// Consumers: consume() hands whole batches to a handler (GenStage's :consumer); run() and toArray() drain.
import { releasedWithinGrace } from '../protocol/fairness.js';
import { Pump } from '../protocol/pump.js';
import { Upstream } from '../protocol/upstream.js';
import { toStage } from '../stages/from.js';
import { checkSubscribeOptions } from '../stages/stage.js';
import type { DemandOptions, Source } from '../types.js';
import { checkFunction, checkOptions, checkSignal, checkSource } from '../validate.js';

export interface ConsumeOptions extends DemandOptions {
  /** Aborting it cancels the subscription; the promise rejects with `signal.reason`. */
  signal?: AbortSignal;
}

/**
 * Consumes a source batch by batch, as GenStage's `:consumer`: asks `maxDemand` (default 1000), gives the
 * handler at most `maxDemand - minDemand` events per call, and re-asks after the handler finished.
 * Resolves when the source completes; rejects with the source's or the handler's error (the same object).
 *
 * @example
 * await consume(pages.subscribe({ maxDemand: 3, minDemand: 0 }), (batch) => {
 *   console.log(`PageConsumer received ${JSON.stringify(batch)}`);
 * });
 */
export function consume<T>(
  source: Source<T>,
  handleEvents: (events: T[]) => void | Promise<void>,
  options?: ConsumeOptions,
): Promise<void> {
  checkSource('source', source);
  checkFunction('handleEvents', handleEvents);
  const opts = checkSubscribeOptions(
    checkOptions(options, ['maxDemand', 'minDemand', 'signal'], 'consume'),
    undefined,
    'consume',
  );
  if (opts.signal?.aborted) return Promise.reject(opts.signal.reason);
  return drive(source, handleEvents, opts);
}

/**
 * start()'s consumer: every stage subscribes now (a producer's pushes find their subscribers), but the last
 * stage asks on the next microtask, so that no handler runs before start() returned the handle it may use.
 */
export function runStarted(source: Source<unknown>, signal: AbortSignal): Promise<void> {
  return drive(source, noop, { signal }, true);
}

function drive<T>(
  source: Source<T>,
  handleEvents: (events: T[]) => void | Promise<void>,
  options: ConsumeOptions,
  deferAsk = false,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const signal = options.signal;
    const upstream = new Upstream(toStage(source), { ...options, deferAsk, takesTurns: true });
    const pump = new Pump<T>(upstream, {
      wants: () => true,
      handle(chunk) {
        if (signal?.aborted) throw signal.reason;
        return handleEvents(chunk as T[]);
      },
      ended: resolve,
      failed(error) {
        // Releasing upstream must not hide the error that stopped us; the error comes once it is released
        // (an abort: once this turn is over at the latest).
        const rethrow = () => reject(error);
        const cancelled = upstream.cancel(error);
        const aborted = signal?.aborted === true && error === signal.reason;
        Promise.resolve(aborted ? releasedWithinGrace(cancelled) : cancelled).then(rethrow, rethrow);
      },
    });
    // The consumer subscribed and asked at once; it starts taking events on the next microtask, so that
    // consumers started together are all subscribed before any of them runs (and then take turns).
    queueMicrotask(() => {
      if (deferAsk) upstream.askFirst();
      pump.run();
    });
  });
}

/**
 * Runs a source to its end, discarding its events: the way to drive a pipeline whose last stage has
 * side effects.
 *
 * @example
 * await run(pipe(from(urls), consumerSupervisor(4, fetchPage)));
 */
export function run(source: Source<unknown>, options?: { signal?: AbortSignal }): Promise<void> {
  const opts = checkOptions(options, ['signal'], 'run');
  checkSignal(opts.signal);
  return consume(source, noop, opts);
}

/**
 * Collects every event of a source into an array.
 *
 * @example
 * const doubled = await toArray(pipe([1, 2, 3], producerConsumer((xs: number[]) => xs.map((x) => x * 2))));
 */
export function toArray<T>(source: Source<T>, options?: { signal?: AbortSignal }): Promise<T[]> {
  const opts = checkOptions(options, ['signal'], 'toArray');
  checkSignal(opts.signal);
  const out: T[] = [];
  return consume(
    source,
    (events) => {
      for (let i = 0; i < events.length; i++) out.push(events[i]!);
    },
    opts,
  ).then(() => out);
}

function noop(): void {}
