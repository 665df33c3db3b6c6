// What the five scenarios share: how a scenario is described, and small helpers to build inputs and verdicts.
import type { CaseConfig, Implementations, Mode, RunOutcome, ScenarioId } from '../types.js';
import type { Deadline } from './tally.js';

/** A scenario's input, built once per process before the memory baseline, and its checked run. */
export interface Prepared<S extends ScenarioId> {
  /** Events one run moves: the numerator of events/s. */
  events: number;
  /** Times one run of `impl` and checks its result; a wrong result is a failed outcome, never a figure. */
  run(impl: Implementations[S]): Promise<RunOutcome>;
}

export interface Scenario<S extends ScenarioId> {
  id: S;
  title: string;
  /** The headline figure: events/s (higher is better) or wall ms (lower is better). */
  metric: 'events/s' | 'ms';
  prepare(config: CaseConfig): Prepared<S>;
}

/** The integers start, start+1, … (count of them). */
export function range(start: number, count: number): number[] {
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = start + i;
  return out;
}

export function failed(reason: string): RunOutcome {
  return { ok: false, status: 'failed', reason };
}

/** Runs `body` and returns its wall time in ms with its value. */
export async function timed<T>(body: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await body();
  return { ms: performance.now() - started, value };
}

/** `--quick` runs smaller inputs so the whole bench stays under a minute; the full run uses the anchor sizes. */
export function sizeFor(mode: Mode, full: number, quickDivisor: number): number {
  return mode === 'quick' ? full / quickDivisor : full;
}

/**
 * Runs a checked body under the consumer's deadline. A run the deadline stopped is a timeout with the rate it
 * reached, whatever error the library wrapped it in (or even if it swallowed it).
 */
export async function withDeadline(deadline: Deadline, limitMs: number, body: () => Promise<RunOutcome>): Promise<RunOutcome> {
  deadline.start(limitMs);
  let outcome: RunOutcome;
  try {
    outcome = await body();
  } catch (error) {
    if (deadline.expired === null) throw error;
  }
  const stop = deadline.expired;
  if (stop === null) return outcome!;
  const rate = stop.events / stop.ms / 1000;
  const reason = `stopped at ${(stop.ms / 1000).toFixed(1)} s after ${stop.events.toLocaleString('en-US')} events (${rate.toFixed(2)} M events/s)`;
  return { ok: false, status: 'timeout', reason };
}
