// The shapes every part of the bench agrees on: scenarios, contenders, and one case's result.
import type { Shares, Sink, Tally } from './scenarios/tally.js';

export type ScenarioId = 'S1' | 'S2' | 'S3' | 'S4' | 'S5' | 'S6';
export const SCENARIO_IDS: readonly ScenarioId[] = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6'];

/** S1: 1,000,000 integers → x*2 → keep x%3≠0 → x+1 → sum. Resolves to the sum. */
export type S1Impl = (data: readonly number[]) => Promise<number>;
/** S2: run `work` over every item, at most `limit` at once. Resolves to the sum of the results. */
export type S2Impl = (items: readonly number[], work: (item: number) => Promise<number>, limit: number) => Promise<number>;
/** S3: each event to exactly one of `shares.consumers` consumers, `shares.take(k, x)` / `takeBatch(k, xs)`. */
export type S3Impl = (data: readonly number[], shares: Shares) => Promise<void>;
/** S4: a lazy source → x*2 → x+1 → `sink.take(x)` (a little sync work). */
export type S4Impl = (source: () => Iterable<number>, sink: Sink) => Promise<void>;
/** S5: merge every source, each event to `tally.take(x)` / `takeBatch(xs)`. */
export type S5Impl = (sources: readonly (readonly number[])[], tally: Tally) => Promise<void>;

/** S6's work: the hash module (for worker threads: `handleEvents`, and `hash` as its default export) and the hash. */
export interface S6Work {
  module: URL;
  hash: (x: number) => number;
}
/** S6: hash every event (CPU-bound, ~20 µs each). Resolves to the sum of the hashes. */
export type S6Impl = (events: readonly number[], work: S6Work) => Promise<number>;

export interface Implementations {
  S1: S1Impl;
  S2: S2Impl;
  S3: S3Impl;
  S4: S4Impl;
  S5: S5Impl;
  S6: S6Impl;
}

/** Why a contender has no figure for a scenario (printed as `n/a`). */
export interface NotApplicable {
  na: string;
}

/** 'baseline': genstage's own rows measured on another build (`--baseline=<dir>`), for before/after comparisons. */
export type Kind = 'limit' | 'peer' | 'genstage' | 'baseline';

/** One row of the bench: a library written one way (genstage has several rows). */
export type Contender = {
  id: string;
  kind: Kind;
  /** The npm package whose installed version is reported; absent for hand-written code and Node built-ins. */
  packageName?: string;
  /** How this contender is written, for the README. */
  how: string;
} & { [S in ScenarioId]?: Implementations[S] | NotApplicable };
// A scenario a contender leaves out (a variant row of a library measured elsewhere) is not printed;
// a NotApplicable one prints `n/a` with its reason.

export type Mode = 'full' | 'quick';

/** What the driver tells a child process. */
export interface CaseConfig {
  contender: string;
  scenario: ScenarioId;
  mode: Mode;
  reps: number;
  /** Warm-up runs go on until they took this long (at least one; a slow first run is enough). */
  warmUpMs: number;
  /** Timed repetitions are cut so that they fit in this many ms; a warm-up longer than it is the only sample. */
  budgetMs: number;
  /** One run longer than this is stopped (where the scenario can check) and reported as a timeout. */
  softDeadlineMs: number;
}

/** Extra observations of one run, beside its wall time. */
export interface RunExtras {
  peakConcurrency?: number;
  shares?: number[];
  peakHeapBytes?: number;
}

/** One run of a scenario: its wall time, or why its result cannot be reported. */
export type RunOutcome =
  | { ok: true; ms: number; extras: RunExtras }
  | { ok: false; status: 'failed' | 'timeout'; reason: string };

export type CaseStatus = 'ok' | 'failed' | 'timeout' | 'n/a' | 'error';

export interface CaseResult {
  contender: string;
  kind: Kind;
  scenario: ScenarioId;
  status: CaseStatus;
  reason?: string;
  /** Events one run moves (for events/s). */
  events?: number;
  samplesMs?: number[];
  medianMs?: number;
  minMs?: number;
  maxMs?: number;
  eventsPerSec?: number;
  /** True when the warm-up was the only run (it took longer than the budget). */
  cold?: boolean;
  /** The runs right after one warm-up run in this fresh process (the cold figure); the fields above are warm. */
  coldSamplesMs?: number[];
  coldMedianMs?: number;
  coldEventsPerSec?: number;
  /** The very first run, warm-up included: compilation and all. */
  firstRunMs?: number;
  /** The event loop's longest block over every run of the case (timers held back this long), in ms. */
  longestBlockMs?: number;
  peakRssMB?: number;
  heapGrowthMB?: number;
  peakConcurrency?: number;
  /** Each consumer's share of the events (S3), averaged over the runs. */
  shares?: number[];
  /** The smallest and largest share any consumer had in any run (S3). */
  shareRange?: [number, number];
}
