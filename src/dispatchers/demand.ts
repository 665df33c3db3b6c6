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
  // The sum of the entries' demands: read on every pull (the stage's `wanted`), so kept rather than summed.
  private total = 0;
  // Demand of cancelled subscribers that upstream was already asked for: not asked again.
  private pending = 0;
  private maxDemand = 0;
  // After the first-dispatch shuffle the list is in no order: entries are placed by a scan from the front, as before it.
  private shuffled = false;

  constructor(private readonly context: DispatcherContext, private shuffle: boolean) {}

  subscribe(target: DispatchTarget<T>): number {
    this.entries.push({ target, demand: 0 });
    return 0;
  }

  cancel(target: DispatchTarget<T>): number {
    const i = this.indexOf(target);
    if (i >= 0) {
      const { demand } = this.entries.splice(i, 1)[0]!;
      this.pending += demand;
      this.total -= demand;
    }
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
    const i = this.indexOf(target);
    if (i < 0) return 0;
    this.entries[i]!.demand += n;
    this.total += n;
    this.raise(i);
    const alreadySent = Math.min(this.pending, n);
    this.pending -= alreadySent;
    return n - alreadySent;
  }

  // As the leftovers of a dispatch: events nobody took now stand for demand a departed subscriber left behind.
  queued(count: number): void {
    this.pending = Math.max(this.pending - count, 0);
  }

  demand(): number {
    return this.total;
  }

  dispatch(events: readonly T[]): readonly T[] | undefined {
    if (this.shuffle) {
      shuffleInPlace(this.entries);
      this.shuffle = false;
      this.shuffled = true;
    }
    let from = 0;
    const length = events.length;
    while (from < length) {
      const head = this.entries[0];
      if (head === undefined || head.demand === 0) break;
      const count = Math.min(length - from, head.demand);
      head.demand -= count;
      this.total -= count;
      this.lower(0);
      head.target.deliver(from === 0 && count === length ? events : events.slice(from, from + count));
      from += count;
    }
    if (from === length) return undefined;
    const leftovers = from === 0 ? events : events.slice(from);
    this.pending = Math.max(this.pending - leftovers.length, 0);
    return leftovers;
  }

  private indexOf(target: DispatchTarget<T>): number {
    const entries = this.entries;
    for (let i = 0; i < entries.length; i++) if (entries[i]!.target === target) return i;
    return -1;
  }

  // The entry at i gained demand: it moves ahead of those with less, behind those with as much (first come).
  private raise(i: number): void {
    if (this.shuffled) return this.place(i);
    const entries = this.entries;
    const entry = entries[i]!;
    while (i > 0 && entries[i - 1]!.demand < entry.demand) {
      entries[i] = entries[i - 1]!;
      i--;
    }
    entries[i] = entry;
  }

  // The entry at i lost demand: it moves behind every entry with as much or more.
  private lower(i: number): void {
    if (this.shuffled) return this.place(i);
    const entries = this.entries;
    const entry = entries[i]!;
    while (i + 1 < entries.length && entries[i + 1]!.demand >= entry.demand) {
      entries[i] = entries[i + 1]!;
      i++;
    }
    entries[i] = entry;
  }

  // Taken out and put back before the first entry with less demand, scanning from the front.
  private place(i: number): void {
    const entries = this.entries;
    const entry = entries.splice(i, 1)[0]!;
    let j = 0;
    while (j < entries.length && entries[j]!.demand >= entry.demand) j++;
    entries.splice(j, 0, entry);
  }
}

function shuffleInPlace<E>(items: E[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
