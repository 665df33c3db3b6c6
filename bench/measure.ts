// One (contender, scenario) case inside its child process: warm-up, timed repetitions, checks, memory.
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
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
  const blocks = new BlockProbe();
  const done: SuccessfulRun[] = [];
  await blocks.start();
  const runOnce = async (label: string): Promise<SuccessfulRun | CaseResult> => {
    // A macrotask between runs: a library that runs synchronously would otherwise run every run in one stretch of
    // microtasks, and the probe's timer would see one block for the whole case instead of one per run.
    await new Promise((resolve) => setImmediate(resolve));
    const outcome = await prepared.run(impl);
    if (!outcome.ok) return { ...base, status: outcome.status, reason: label ? `${label}: ${outcome.reason}` : outcome.reason };
    done.push(outcome);
    return outcome;
  };
  try {
    // Cold: one warm-up run in this fresh process, then the timed runs, as a user's short pipeline sees it.
    const first = await runOnce('');
    if (!('ms' in first)) return first;
    const cold: SuccessfulRun[] = [];
    const coldReps = plannedReps(config, first.ms);
    if (coldReps === 0) cold.push(first);
    for (let i = 0; i < coldReps; i++) {
      const outcome = await runOnce(`cold run ${i + 1}`);
      if (!('ms' in outcome)) return outcome;
      cold.push(outcome);
    }
    // Warm: more warm-up runs until the case ran `warmUpMs` in all (the cold runs count), then the timed runs.
    // A first run that alone took the warm-up time leaves nothing to warm: the cold runs are the warm ones too.
    let warm = cold;
    if (first.ms < config.warmUpMs) {
      let spent = first.ms + cold.reduce((sum, run) => sum + run.ms, 0);
      let last = cold[cold.length - 1]!;
      for (let i = 0; spent < config.warmUpMs && i < MAX_WARM_UPS; i++) {
        const outcome = await runOnce('warm-up');
        if (!('ms' in outcome)) return outcome;
        spent += outcome.ms;
        last = outcome;
      }
      warm = [];
      const reps = plannedReps(config, last.ms);
      if (reps === 0) warm.push(last);
      for (let i = 0; i < reps; i++) {
        const outcome = await runOnce(`run ${i + 1}`);
        if (!('ms' in outcome)) return outcome;
        warm.push(outcome);
      }
    }
    return {
      ...base,
      ...figures(warm, prepared.events),
      cold: warm.length === 1 && warm[0] === first,
      coldSamplesMs: cold.map((run) => run.ms),
      coldMedianMs: median(cold.map((run) => run.ms)),
      coldEventsPerSec: (prepared.events / median(cold.map((run) => run.ms))) * 1000,
      firstRunMs: first.ms,
      longestBlockMs: blocks.longestMs(),
      peakRssMB: peakRss() / MB,
      ...summarizeExtras(done.map((run) => run.extras), baselineHeap),
    };
  } finally {
    blocks.stop();
  }
}

// No forced GC between runs: a full GC shrinks V8's young generation back to its minimum, so every library that
// allocates per batch would be timed with cold GC settings instead of the steady state a long-running pipeline
// sees (it cost genstage's S1 a factor of 3). The baseline GC above keeps memory clean.
function figures(runs: readonly SuccessfulRun[], events: number): Partial<CaseResult> {
  const samplesMs = runs.map((run) => run.ms);
  const medianMs = median(samplesMs);
  return { samplesMs, medianMs, minMs: Math.min(...samplesMs), maxMs: Math.max(...samplesMs), eventsPerSec: (events / medianMs) * 1000 };
}

/**
 * The event loop's longest block over every run of the case, the first included: a timer due every millisecond
 * notes how late it fired (Node's monitorEventLoopDelay). A pipeline that never yields blocks for its whole run.
 */
class BlockProbe {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 1 });

  /** Enables the probe; its first tick only starts its clock, so it is waited for before the first run. */
  async start(): Promise<void> {
    this.histogram.enable();
    await new Promise((resolve) => setTimeout(resolve, 3));
  }

  longestMs(): number {
    return this.histogram.max / 1e6;
  }

  stop(): void {
    this.histogram.disable();
  }
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
