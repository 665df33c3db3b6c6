// GenStage.BroadcastDispatcher, v1.3.2: every subscriber gets every event it selects, at
// the pace of the slowest one. Demand is kept relative to `waiting`, the demand every subscriber shares.
import type { Dispatcher, DispatcherContext, DispatcherFactory, DispatchTarget } from './dispatcher.js';
import { checkInteger, checkOptions } from '../validate.js';

export interface BroadcastDispatcherOptions {
  /**
   * Ask nothing upstream until this many subscribers are subscribed at once (GenStage's `demand: :accumulate`
   * set-up, built in): the first subscribers cannot take events that later ones would miss. Events pushed
   * before then wait in the stage's buffer. Default 1: start with the first subscriber, as GenStage does.
   */
  waitFor?: number;
}

interface Entry<T> {
  target: DispatchTarget<T>;
  selector: ((event: T) => boolean) | undefined;
  /** Demand beyond `waiting` (GenStage stores it relative, so that dispatch does not touch every entry). */
  counter: number;
}

/**
 * Every subscriber receives every event (or those its `selector` accepts), never more than it asked:
 * the stage asks upstream only as far as the slowest subscriber's demand. Events a selector rejects give
 * that subscriber its demand back; a subscriber that leaves stops holding the others back.
 *
 * @example
 * const p = producer<number>({ dispatcher: broadcastDispatcher({ waitFor: 2 }) });
 * const evens = toArray(p.subscribe({ selector: (n) => n % 2 === 0 }));
 * const all = toArray(p);
 * p.push([1, 2, 3, 4]);
 * p.end();
 * console.log(await evens, await all); // [2, 4] [1, 2, 3, 4]
 */
export function broadcastDispatcher<T = any>(options?: BroadcastDispatcherOptions): DispatcherFactory<T> {
  const opts = checkOptions(options, ['waitFor'], 'broadcastDispatcher');
  const waitFor = opts.waitFor === undefined ? 1 : checkInteger('waitFor', opts.waitFor, 1);
  return { kind: 'broadcast', create: (context) => new BroadcastDispatcher<T>(context, waitFor) };
}

class BroadcastDispatcher<T> implements Dispatcher<T> {
  private entries: Entry<T>[] = [];
  /** Events every subscriber can take now: the smallest demand. */
  private waiting = 0;
  /** Events asked upstream that have not arrived yet (v1.3.2): a newcomer's demand does not ask for them twice. */
  private requested = 0;
  private started: boolean;
  // Demand given back for events a selector rejected, one per subscriber and dispatch; taken from `nextCredit` on.
  private credits: { entry: Entry<T>; count: number }[] = [];
  private nextCredit = 0;

  constructor(private readonly context: DispatcherContext, private readonly waitFor: number) {
    this.started = waitFor <= 1;
  }

  subscribe(target: DispatchTarget<T>): number {
    // The newcomer starts with no demand, so the shared demand becomes 0: make the others' absolute again.
    for (const entry of this.entries) entry.counter += this.waiting;
    this.waiting = 0;
    this.entries.push({ target, selector: target.options.selector, counter: 0 });
    if (this.entries.length >= this.waitFor) this.started = true;
    return 0;
  }

  cancel(target: DispatchTarget<T>): number {
    const i = this.entries.findIndex((e) => e.target === target);
    if (i < 0) return 0;
    this.entries.splice(i, 1);
    if (this.entries.length === 0) {
      this.waiting = 0;
      return 0;
    }
    // The one who left may have been the slowest: the others' shared demand can rise.
    return this.syncDemands();
  }

  ask(n: number, target: DispatchTarget<T>): number {
    const entry = this.entries.find((e) => e.target === target);
    if (entry === undefined) return 0;
    entry.counter += n;
    return this.syncDemands();
  }

  demand(): number {
    return this.started ? this.waiting : 0;
  }

  dispatch(events: readonly T[]): readonly T[] | undefined {
    const count = Math.min(this.waiting, events.length);
    if (count === 0) return events;
    // As GenStage 1.3.2: only delivered events leave `requested`; leftovers still count as asked for.
    this.requested = Math.max(this.requested - count, 0);
    this.waiting -= count;
    const now = count === events.length ? events : events.slice(0, count);
    for (const entry of this.entries) this.deliverTo(entry, now);
    return count === events.length ? undefined : events.slice(count);
  }

  private deliverTo(entry: Entry<T>, events: readonly T[]): void {
    const selector = entry.selector;
    if (selector === undefined) {
      entry.target.deliver(events);
      return;
    }
    const selected = events.filter(selector);
    if (selected.length > 0) entry.target.deliver(selected);
    if (selected.length < events.length) this.credits.push({ entry, count: events.length - selected.length });
  }

  // GenStage sends itself one ask per subscriber and dispatch for the events its selector rejected, each handled as
  // a message of its own after the current one. Applied one at a time: a credit applied early would raise
  // `waiting` for a flush in between, and its demand would then be served and asked for again.
  takeCredit(): number | undefined {
    const credits = this.credits;
    while (this.nextCredit < credits.length) {
      const { entry, count } = credits[this.nextCredit++]!;
      // One that left meanwhile has no demand to give back.
      if (!this.entries.includes(entry)) continue;
      entry.counter += count;
      return this.syncDemands();
    }
    credits.length = 0;
    this.nextCredit = 0;
    return undefined;
  }

  /** Moves the smallest demand into `waiting`; returns what to ask upstream beyond what is already requested. */
  private syncDemands(): number {
    if (!this.started || this.entries.length === 0) return 0;
    let min = Infinity;
    for (const entry of this.entries) if (entry.counter < min) min = entry.counter;
    if (min > 0) {
      for (const entry of this.entries) entry.counter -= min;
      this.waiting += min;
    }
    const demand = Math.max(this.waiting - this.requested, 0);
    this.requested += demand;
    return demand;
  }
}
