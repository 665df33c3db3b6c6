// Helpers for the dispatcher tests: fake subscribers and contexts for unit tests against the dispatcher
// objects, and a collector that drains a real subscription as fast as events arrive.
import type { DispatcherContext, DispatchTarget, SubscribeOptions, Subscription } from '../src/index.js';

export interface FakeTarget<T> extends DispatchTarget<T> {
  readonly batches: T[][];
  readonly events: T[];
}

let ids = 0;

export function target<T>(options: SubscribeOptions<T> = {}): FakeTarget<T> {
  const batches: T[][] = [];
  return {
    id: ++ids,
    options,
    batches,
    get events() {
      return batches.flat();
    },
    deliver(events) {
      if (events.length === 0) throw new Error('an empty batch was delivered');
      batches.push([...events]);
    },
  };
}

export interface FakeContext extends DispatcherContext {
  readonly requested: number[];
}

export function context(bufferSize?: number): FakeContext {
  const requested: number[] = [];
  return { name: 'P', requestDemand: (n) => void requested.push(n), bufferSize, requested };
}

export interface Collected<T> {
  readonly events: T[];
  readonly batches: T[][];
  readonly done: boolean;
  readonly error: unknown;
}

/** Takes every batch a subscription delivers, at once, and records it. */
export function collect<T>(subscription: Subscription<T>): Collected<T> {
  const state = { events: [] as T[], batches: [] as T[][], done: false, error: undefined as unknown };
  const take = (batch: readonly T[]) => {
    state.batches.push([...batch]);
    state.events.push(...batch);
  };
  const fail = (error: unknown) => {
    state.error = error;
    state.done = true;
  };
  const pull = (): void => {
    for (;;) {
      let next: ReturnType<Subscription<T>['next']>;
      try {
        next = subscription.next();
      } catch (error) {
        return fail(error);
      }
      if (next === null) {
        state.done = true;
        return;
      }
      if (Array.isArray(next)) {
        take(next);
        continue;
      }
      (next as Promise<readonly T[] | null>).then((batch) => {
        if (batch === null) state.done = true;
        else {
          take(batch);
          pull();
        }
      }, fail);
      return;
    }
  };
  pull();
  return state;
}

const realImmediate = setImmediate;

/** Lets every pending promise and microtask run. */
export const settle = () => new Promise<void>((resolve) => realImmediate(resolve));

export const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
