// Every way to consume a pipeline, each with an optional early exit after k events, recording what reached it.
import fc from 'fast-check';
import {
  broadcastDispatcher,
  consume,
  openSubscription,
  pipe,
  producerConsumer,
  start,
  toArray,
  type RunningPipeline,
  type Stage,
} from '../src/index.js';
import { demandArb, modeArb } from './model.js';
import { timed, type Mode } from './reliability-sources.js';

export type ConsumerKind = 'consume' | 'forAwait' | 'manual' | 'toArray' | 'shared' | 'broadcast' | 'start';
export interface ConsumerSpec { kind: ConsumerKind; mode: Mode; maxDemand: number; minDemand: number; asks: number[] }
/** Leave after `after` events: by the consumer's own means (`return`: throw, break, cancel(), stop()) or an abort. */
export interface ExitSpec { after: number; by: 'return' | 'signal' }

export interface Outcome {
  /** The events each consumer received. */
  delivered: number[][];
  /** Every error that reached a consumer (the exit's own abort reason excepted), as often as it reached it. */
  errors: unknown[];
  exited: boolean;
  /** Events that reached a consumer after it left: there must be none. */
  late: number;
}

export const consumerArb: fc.Arbitrary<ConsumerSpec> = fc
  .record({
    kind: fc.constantFrom<ConsumerKind>('consume', 'forAwait', 'manual', 'toArray', 'shared', 'broadcast', 'start'),
    mode: modeArb,
    asks: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }),
  })
  .chain((c) => demandArb.map((d) => ({ ...c, ...d })));

export const exitArb: fc.Arbitrary<ExitSpec> = fc.record({
  after: fc.integer({ min: 1, max: 40 }),
  by: fc.constantFrom('return' as const, 'signal' as const),
});

/** Thrown by a handler that leaves. */
const EXIT = new Error('the consumer left');

export function runConsumer(spec: ConsumerSpec, stage: Stage<number>, exit?: ExitSpec): Promise<Outcome> {
  switch (spec.kind) {
    case 'consume':
      return viaConsume(spec, stage, exit, new AbortController());
    case 'toArray':
      return toArray(stage).then(
        (events) => ({ ...outcomeOf(events) }),
        (error: unknown) => ({ ...outcomeOf([]), errors: [error] }),
      );
    case 'forAwait':
      return viaIterator(spec, stage, exit);
    case 'manual':
      return viaSubscription(spec, stage, exit);
    case 'start':
      return viaStart(spec, stage, exit);
    case 'shared':
      return both(spec, stage, exit, exit);
    case 'broadcast': {
      const hub = pipe(stage, producerConsumer((xs: number[]) => xs, { dispatcher: broadcastDispatcher({ waitFor: 2 }) }));
      // Leaving by its own means, only the first subscriber leaves: the second must go on and lose nothing.
      return both(spec, hub, exit, exit?.by === 'return' ? undefined : exit);
    }
  }
}

function outcomeOf(seen: number[]): Outcome {
  return { delivered: [seen], errors: [], exited: false, late: 0 };
}

function record(outcome: Outcome, events: readonly number[]): void {
  if (outcome.exited) outcome.late += events.length;
  outcome.delivered[0]!.push(...events);
}

async function both(spec: ConsumerSpec, stage: Stage<number>, first?: ExitSpec, second?: ExitSpec): Promise<Outcome> {
  const controller = new AbortController();
  const [a, b] = await Promise.all([viaConsume(spec, stage, first, controller), viaConsume(spec, stage, second, controller)]);
  return {
    delivered: [...a.delivered, ...b.delivered],
    errors: [...a.errors, ...b.errors],
    exited: a.exited || b.exited,
    late: a.late + b.late,
  };
}

async function viaConsume(spec: ConsumerSpec, stage: Stage<number>, exit: ExitSpec | undefined, controller: AbortController) {
  const seen: number[] = [];
  const outcome = outcomeOf(seen);
  const handle = (xs: number[]) => {
    record(outcome, xs);
    if (exit !== undefined && seen.length >= exit.after) {
      outcome.exited = true;
      if (exit.by === 'return') throw EXIT;
      controller.abort();
    }
    return timed(spec.mode, () => undefined);
  };
  try {
    await consume(stage, handle, { maxDemand: spec.maxDemand, minDemand: spec.minDemand, signal: controller.signal });
  } catch (error) {
    if (error !== EXIT && error !== controller.signal.reason) outcome.errors.push(error);
  }
  return outcome;
}

async function viaIterator(spec: ConsumerSpec, stage: Stage<number>, exit: ExitSpec | undefined): Promise<Outcome> {
  const seen: number[] = [];
  const outcome = outcomeOf(seen);
  const controller = new AbortController();
  const signal = exit?.by === 'signal' ? { signal: controller.signal } : {};
  const iterator = stage.subscribe({ maxDemand: spec.maxDemand, minDemand: spec.minDemand, ...signal })[Symbol.asyncIterator]();
  try {
    for (;;) {
      const step = await iterator.next();
      if (step.done) break;
      record(outcome, [step.value]);
      if (exit !== undefined && seen.length >= exit.after && !outcome.exited) {
        outcome.exited = true;
        if (exit.by === 'return') {
          await iterator.return!();
          break;
        }
        controller.abort();
      }
      if (spec.mode !== 'sync') await timed(spec.mode, () => undefined);
    }
  } catch (error) {
    if (error !== controller.signal.reason) outcome.errors.push(error);
    // An error arrives once: the iterator is done after it.
    const again = await iterator.next().catch((e: unknown) => void outcome.errors.push(e));
    if (again && !again.done) outcome.errors.push(new Error(`event ${String(again.value)} after the error`));
  }
  return outcome;
}

async function viaSubscription(spec: ConsumerSpec, stage: Stage<number>, exit: ExitSpec | undefined): Promise<Outcome> {
  const seen: number[] = [];
  const outcome = outcomeOf(seen);
  const controller = new AbortController();
  const subscription = openSubscription(stage, exit?.by === 'signal' ? { signal: controller.signal } : {});
  try {
    for (let i = 0; ; i++) {
      subscription.ask(spec.asks[i % spec.asks.length]!);
      let batch = subscription.next();
      if (batch !== null && !Array.isArray(batch)) batch = await batch;
      if (batch === null) break;
      record(outcome, batch);
      if (exit !== undefined && seen.length >= exit.after && !outcome.exited) {
        outcome.exited = true;
        if (exit.by === 'return') {
          await subscription.cancel();
          break;
        }
        controller.abort();
      }
      if (spec.mode !== 'sync') await timed(spec.mode, () => undefined);
    }
  } catch (error) {
    if (error !== controller.signal.reason) outcome.errors.push(error);
    // After an abort, cancel() waits for the release the abort started.
    await subscription.cancel();
  }
  return outcome;
}

async function viaStart(spec: ConsumerSpec, stage: Stage<number>, exit: ExitSpec | undefined): Promise<Outcome> {
  const seen: number[] = [];
  const outcome = outcomeOf(seen);
  let running: RunningPipeline | undefined;
  const leave = () => void running!.stop({ drain: exit!.by === 'return' });
  const last = producerConsumer(
    (xs: number[]) => {
      // A graceful stop lets what is in flight flow to the end: those events are not late.
      if (exit?.by === 'return') seen.push(...xs);
      else record(outcome, xs);
      if (exit !== undefined && seen.length >= exit.after && !outcome.exited) {
        outcome.exited = true;
        // Stopping from inside a handler: re-entrant, so not awaited here.
        if (running) leave();
        else queueMicrotask(leave);
      }
      return timed(spec.mode, () => undefined);
    },
    { maxDemand: spec.maxDemand, minDemand: spec.minDemand },
  );
  running = start(pipe(stage, last));
  try {
    await running.done;
  } catch (error) {
    outcome.errors.push(error);
  }
  await running.stop();
  return outcome;
}
