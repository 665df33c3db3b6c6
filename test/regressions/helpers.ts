// Shared tools of the regression tests: every wait is raced against a deadline that fails with a message
// saying what never happened, and every clean-up is itself bounded, so a regression shows up as a clear
// failure instead of a hung test run.
import { getEventListeners } from 'node:events';

/** How long a step may take before the test calls it a hang. */
export const HANG_MS = 1500;

export class Hang extends Error {}

/**
 * Resolves or rejects like `promise`, or rejects with a `Hang` error naming `what` after `ms` (`what` may be a
 * function, called at the deadline, to report the state the operation got stuck in).
 * The abandoned promise keeps a handler, so a late rejection never goes unhandled.
 */
export function within<T>(
  promise: PromiseLike<T> | T,
  ms = HANG_MS,
  what: string | (() => string) = 'the operation',
): Promise<T> {
  const watched = Promise.resolve(promise);
  watched.catch(() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Hang(`${typeof what === 'function' ? what() : what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([watched, deadline]).finally(() => clearTimeout(timer));
}

/** The settled outcome of a promise, or `'pending'` if it did not settle within `ms`. */
export async function outcome<T>(
  promise: PromiseLike<T>,
  ms = HANG_MS,
): Promise<{ status: 'fulfilled'; value: T } | { status: 'rejected'; reason: unknown } | { status: 'pending' }> {
  try {
    return { status: 'fulfilled', value: await within(promise, ms) };
  } catch (reason) {
    if (reason instanceof Hang) return { status: 'pending' };
    return { status: 'rejected', reason };
  }
}

/** An outcome in words, for failure messages: `rejected with Error: boom`, `fulfilled with [1,2]`, `pending`. */
export function show(settled: Awaited<ReturnType<typeof outcome>>): string {
  if (settled.status === 'fulfilled') return `fulfilled with ${JSON.stringify(settled.value)}`;
  if (settled.status === 'rejected') return `rejected with ${String(settled.reason)}`;
  return `still pending after ${HANG_MS} ms`;
}

/** Lets every pending promise job and timer-free callback run: a few macrotask turns. */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `condition` (between macrotask turns) until it holds; fails with `what` after `ms`.
 * For states that are reached asynchronously, such as "the consumer got 6 events".
 */
export async function eventually(condition: () => boolean, what: string, ms = HANG_MS): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Hang(`${what}: not reached within ${ms} ms`);
    await new Promise<void>((resolve) => setTimeout(resolve, 1));
  }
}

/**
 * Runs clean-up steps in order, each bounded, swallowing their errors: the test's own assertion is the
 * verdict, and a clean-up that hangs on broken code must not turn one failure into a hung run.
 */
export async function cleanUp(...steps: Array<(() => unknown) | undefined>): Promise<void> {
  for (const step of steps) {
    if (!step) continue;
    try {
      await within(Promise.resolve().then(step), 250, 'clean-up');
    } catch {
      // Already reported by the test's own assertion, if it matters.
    }
  }
}

export function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** Every event twice, as GenStage's test Doubler (`Enum.flat_map(events, &[&1, &1])`). */
export function dup<T>(events: readonly T[]): T[] {
  return events.flatMap((event) => [event, event]);
}

/** Abort listeners registered on a signal (Node's `getEventListeners`). */
export function abortListeners(signal: AbortSignal): number {
  return getEventListeners(signal, 'abort').length;
}
