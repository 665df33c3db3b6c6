// Small tools the tests share: an instrumented producer of integers and a sleep.
import { producer, type Producer } from '../src/index.js';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A producer whose handleDemand(n) returns the next n integers, in messages of `messageSize`. */
export function counter(options: { messageSize?: number; limit?: number } = {}): {
  stage: Producer<number>;
  demands: number[];
} {
  const demands: number[] = [];
  let next = 0;
  const stage: Producer<number> = producer<number>({
    handleDemand(n) {
      demands.push(n);
      const count = Math.min(n, (options.limit ?? Infinity) - next);
      const events = Array.from({ length: count }, () => next++);
      const size = options.messageSize ?? events.length;
      for (let i = 0; i < events.length; i += size) stage.push(events.slice(i, i + size));
      if (next === options.limit) stage.end();
    },
  });
  return { stage, demands };
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Generators that count their pulls and record whether their `finally` ran (sync and async). */
export function tracked(count = Infinity) {
  const state = { pulled: 0, finallyRan: false };
  async function* gen() {
    try {
      for (let i = 0; i < count; i++) {
        state.pulled++;
        yield i;
      }
    } finally {
      state.finallyRan = true;
    }
  }
  function* syncGen() {
    try {
      for (let i = 0; i < count; i++) {
        state.pulled++;
        yield i;
      }
    } finally {
      state.finallyRan = true;
    }
  }
  return { state, gen, syncGen, asyncGen: gen };
}
