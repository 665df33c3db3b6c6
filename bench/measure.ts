// One (contender, scenario) case inside its child process: warm-up, timed repetitions, checks, memory.
import { readFileSync } from 'node:fs';
import type { Prepared } from './scenarios/common.js';
import { MB, median } from './stats.js';
import type { CaseConfig, CaseResult, Contender, Implementations, RunExtras, RunOutcome, ScenarioId } from './types.js';

type SuccessfulRun = Extract<RunOutcome, { ok: true }>;

const MAX_WARM_UPS = 20;

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * The process's peak resident set, in bytes. On Linux VmHWM, because getrusage's maxRSS survives exec and so
 * reports the parent's peak when that was higher (the driver runs under tsx and is bigger than most children).
 */
function peakRss(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // Not Linux: fall through.
  }
  return process.resourceUsage().maxRSS * 1024;
}

/** How many timed runs fit in the budget after a warm-up that took `warmMs`. */
export function plannedReps(config: CaseConfig, warmMs: number): number {
  if (warmMs > config.budgetMs) return 0;
  return Math.min(config.reps, Math.max(1, Math.floor(config.budgetMs / Math.max(warmMs, 1))));
}

export async function measureCase<S extends ScenarioId>(
  config: CaseConfig,
  contender: Contender,
  prepared: Prepared<S>,
  impl: Implementations[S],
): Promise<CaseResult> {
  const base: CaseResult = { contender: contender.id, kind: contender.kind, scenario: config.scenario, status: 'ok', events: prepared.events };
  // The input is built before the baseline, so heap growth counts only what the pipeline holds.
  collectGarbage();
  const baselineHeap = process.memoryUsage().heapUsed;
  const warmUps: SuccessfulRun[] = [];
  let warmUpSpent = 0;
  do {
    const warm = await prepared.run(impl);
    if (!warm.ok) return { ...base, status: warm.status, reason: warm.reason };
    warmUps.push(warm);
    warmUpSpent += warm.ms;
  } while (warmUpSpent < config.warmUpMs && warmUps.length < MAX_WARM_UPS);
  const lastWarmUp = warmUps[warmUps.length - 1]!;
  const runs: SuccessfulRun[] = [];
  const reps = plannedReps(config, lastWarmUp.ms);
  if (reps === 0) runs.push(lastWarmUp);
  // No forced GC between timed runs: a full GC shrinks V8's young generation back to its minimum, so every
  // library that allocates per batch would be timed with cold GC settings instead of the steady state a
  // long-running pipeline sees (it cost genstage's S1 a factor of 3). The baseline GC above keeps memory clean.
  for (let i = 0; i < reps; i++) {
    const outcome = await prepared.run(impl);
    if (!outcome.ok) return { ...base, status: outcome.status, reason: `run ${i + 1}: ${outcome.reason}` };
    runs.push(outcome);
  }
  const samplesMs = runs.map((run) => run.ms);
  const medianMs = median(samplesMs);
  return {
    ...base,
    samplesMs,
    medianMs,
    minMs: Math.min(...samplesMs),
    maxMs: Math.max(...samplesMs),
    eventsPerSec: (prepared.events / medianMs) * 1000,
    cold: reps === 0,
    peakRssMB: peakRss() / MB,
    ...summarizeExtras([...warmUps, ...runs].map((run) => run.extras), baselineHeap),
  };
}

function summarizeExtras(extras: RunExtras[], baselineHeap: number): Partial<CaseResult> {
  const summary: Partial<CaseResult> = {};
  const peaks = extras.flatMap((e) => (e.peakConcurrency === undefined ? [] : [e.peakConcurrency]));
  if (peaks.length > 0) summary.peakConcurrency = Math.max(...peaks);
  const heaps = extras.flatMap((e) => (e.peakHeapBytes === undefined ? [] : [e.peakHeapBytes]));
  if (heaps.length > 0) summary.heapGrowthMB = Math.max(0, Math.max(...heaps) - baselineHeap) / MB;
  const shares = extras.flatMap((e) => (e.shares === undefined ? [] : [e.shares]));
  if (shares.length > 0) {
    const consumers = shares[0]!.length;
    summary.shares = Array.from({ length: consumers }, (_, k) => shares.reduce((sum, run) => sum + run[k]!, 0) / shares.length);
    const all = shares.flat();
    summary.shareRange = [Math.min(...all), Math.max(...all)];
  }
  return summary;
}
