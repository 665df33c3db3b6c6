// What the reliability tests watch: every subscription's credit, the handlers and sources a pipeline starts,
// the generators' finally blocks, and the process's timers and handles.
import { afterEach, beforeEach, expect } from 'vitest';
import { StageSubscription } from '../src/protocol/subscription.js';

/** Records what a pipeline does, so a test can check what it promised. */
export class Probe {
  /** The one error injected failures throw: the consumer must get this very object. */
  readonly boom = new Error('injected failure');
  /** An injected failure was thrown. */
  thrown = false;
  /** Pulls, handler calls and worker starts: none may start once a pipeline was released. */
  activity = 0;
  /** Generator sources whose body ran, and whether their finally ran. */
  readonly generators: { label: string; entered: boolean; finalized: boolean }[] = [];
  /** Broken promises other than credit: concurrency above a supervisor's maxDemand, a finalize run twice. */
  readonly violations: string[] = [];
  /**
   * A producerConsumer found holding more than one upstream batch's output. Only a subscriber leaving with demand
   * it was not given can cause that: as in GenStage, its stage's unmet demand falls only as events are delivered,
   * so it keeps handling batches until another subscriber asks again.
   */
  readonly overfull: string[] = [];
  /** finalize() operators, and how many times each ran (once, however the pipeline ended). */
  readonly finalizers: { ran: number }[] = [];

  fail(): never {
    this.thrown = true;
    throw this.boom;
  }

  generator(label: string): { entered: boolean; finalized: boolean } {
    const state = { label, entered: false, finalized: false };
    this.generators.push(state);
    return state;
  }

  /** Records a stage holding more than `bound` events. */
  holds(stage: { stats(): { name: string; buffered: number } }, bound: number): void {
    const { name, buffered } = stage.stats();
    if (buffered > bound) this.overfull.push(`${name} holds ${buffered} events, more than ${bound}`);
  }

  finalizer(): { ran: number } {
    const finalizer = { ran: 0 };
    this.finalizers.push(finalizer);
    return finalizer;
  }

  /** Generators that started and were not closed. */
  unclosed(): string[] {
    return this.generators.filter((g) => g.entered && !g.finalized).map((g) => g.label);
  }
}

/**
 * Watches every subscription of every stage: a batch beyond the credit granted, or an empty batch, is
 * recorded. Returns the list of violations and a function that stops watching.
 */
export function watchCredit(): { violations: string[]; restore(): void } {
  const violations: string[] = [];
  const prototype = StageSubscription.prototype;
  const deliver = prototype.deliver;
  prototype.deliver = function (this: StageSubscription<unknown>, events: readonly unknown[]) {
    if (events.length === 0) violations.push(`subscription ${this.id} got an empty batch`);
    if (this.delivered + events.length > this.asked) {
      violations.push(`subscription ${this.id} got ${this.delivered + events.length} events for ${this.asked} asked`);
    }
    deliver.call(this, events);
  };
  return { violations, restore: () => void (prototype.deliver = deliver) };
}

/** The process's active timers, immediates and handles, counted by type. */
export function resources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

function excess(baseline: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [type, count] of resources()) {
    const before = baseline.get(type) ?? 0;
    if (count > before) out.push(`${count - before} ${type}`);
  }
  return out;
}

/**
 * Waits until the process holds no more timers or handles than `baseline` and `done()` holds (handlers still
 * finishing their work may hold a timer for a moment); returns what is still there after `turns` milliseconds.
 */
export async function settled(baseline: Map<string, number>, done: () => boolean = () => true, turns = 100): Promise<string[]> {
  // Promise chains still settling hold no handle: let them run first.
  await nextTurn();
  for (let i = 0; i < turns; i++) {
    if (excess(baseline).length === 0 && done()) return [];
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return excess(baseline);
}

/** Waits up to `turns` milliseconds for `condition` to hold; returns whether it does. */
export async function eventually(condition: () => boolean, turns = 100): Promise<boolean> {
  for (let i = 0; i < turns && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
  return condition();
}

/** Lets every pending microtask and the next macrotask run. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** In every test of the file: watch credit, and fail the test on any violation. */
export function checkCreditInEachTest(): void {
  let credit: ReturnType<typeof watchCredit>;
  beforeEach(() => {
    credit = watchCredit();
  });
  afterEach(() => {
    credit.restore();
    expect(credit.violations).toEqual([]);
  });
}
