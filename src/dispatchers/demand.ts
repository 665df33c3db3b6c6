// GenStage.DemandDispatcher: each batch goes to the subscriber with the most outstanding demand
// (ties: first come), split across subscribers when it does not fit.
import type { Dispatcher, DispatcherContext, DispatcherFactory, DispatchTarget } from './dispatcher.js';
import { checkBoolean, checkOptions } from '../validate.js';

interface Entry<T> {
  target: DispatchTarget<T>;
  demand: number;
}

export interface DemandDispatcherOptions {
  /** Shuffle the subscribers once before the first dispatch, so the first one does not get the whole first batch. */
  shuffleDemandsOnFirstDispatch?: boolean;
}

/**
 * The default dispatcher: subscribers share the events, each batch to the one with the most demand.
 *
 * @example
 * const p = producer<number>({ dispatcher: demandDispatcher({ shuffleDemandsOnFirstDispatch: true }) });
 */
export function demandDispatcher<T = any>(options?: DemandDispatcherOptions): DispatcherFactory<T> {
  const { shuffleDemandsOnFirstDispatch = false } = checkOptions(
    options,
    ['shuffleDemandsOnFirstDispatch'],
    'demandDispatcher',
  );
  const shuffle = checkBoolean('shuffleDemandsOnFirstDispatch', shuffleDemandsOnFirstDispatch);
  return { kind: 'demand', create: (context) => new DemandDispatcher<T>(context, shuffle) };
}

class DemandDispatcher<T> implements Dispatcher<T> {
  // Sorted by demand, largest first; equal demands keep arrival order.
  private entries: Entry<T>[] = [];
  // Demand of cancelled subscribers that upstream was already asked for: not asked again.
  private pending = 0;
  private maxDemand = 0;

  constructor(private readonly context: DispatcherContext, private shuffle: boolean) {}

  subscribe(target: DispatchTarget<T>): number {
    this.entries.push({ target, demand: 0 });
    return 0;
  }

  cancel(target: DispatchTarget<T>): number {
    const i = this.entries.findIndex((e) => e.target === target);
    if (i >= 0) this.pending += this.entries.splice(i, 1)[0]!.demand;
    return 0;
  }

  ask(n: number, target: DispatchTarget<T>): number {
    if (this.maxDemand === 0) this.maxDemand = n;
    else if (n > this.maxDemand) {
      console.warn(
        `genstage producer ${this.context.name} DemandDispatcher expects a maximum demand of ${this.maxDemand}. ` +
          `Using different maximum demands will overload greedy consumers. Got demand for ${n} events from subscriber ${target.id}`,
      );
    }
    const i = this.entries.findIndex((e) => e.target === target);
    if (i < 0) return 0;
    const entry = this.entries[i]!;
    this.entries.splice(i, 1);
    entry.demand += n;
    this.insert(entry);
    const alreadySent = Math.min(this.pending, n);
    this.pending -= alreadySent;
    return n - alreadySent;
  }

  // As the leftovers of a dispatch: events nobody took now stand for demand a departed subscriber left behind.
  queued(count: number): void {
    this.pending = Math.max(this.pending - count, 0);
  }

  demand(): number {
    let sum = 0;
    for (const entry of this.entries) sum += entry.demand;
    return sum;
  }

  dispatch(events: readonly T[]): readonly T[] | undefined {
    if (this.shuffle) {
      shuffleInPlace(this.entries);
      this.shuffle = false;
    }
    let from = 0;
    const length = events.length;
    while (from < length) {
      const head = this.entries[0];
      if (head === undefined || head.demand === 0) break;
      const count = Math.min(length - from, head.demand);
      head.demand -= count;
      if (this.entries.length > 1) {
        this.entries.shift();
        this.insert(head);
      }
      head.target.deliver(from === 0 && count === length ? events : events.slice(from, from + count));
      from += count;
    }
    if (from === length) return undefined;
    const leftovers = from === 0 ? events : events.slice(from);
    this.pending = Math.max(this.pending - leftovers.length, 0);
    return leftovers;
  }

  private insert(entry: Entry<T>): void {
    const entries = this.entries;
    let i = 0;
    while (i < entries.length && entries[i]!.demand >= entry.demand) i++;
    entries.splice(i, 0, entry);
  }
}

function shuffleInPlace<E>(items: E[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
