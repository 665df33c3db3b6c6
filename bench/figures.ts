// Reading figures out of the results: the headline value of a row, the plain loop, the best peer, ratios.
import { SCENARIOS } from './scenarios/index.js';
import { formatMs, formatRate } from './stats.js';
import type { CaseResult, ScenarioId } from './types.js';

export type OkResult = CaseResult & { status: 'ok'; medianMs: number; eventsPerSec: number };

export function isOk(result: CaseResult): result is OkResult {
  return result.status === 'ok' && result.medianMs !== undefined && result.eventsPerSec !== undefined;
}

/** Which figure of a case: after one warm-up run in a fresh process (cold), or after the warm-up time (warm). */
export type Phase = 'cold' | 'warm';

/**
 * The row as one phase saw it: the warm row itself, or its cold runs in the same fields (so ratios and headlines
 * read either alike). A result from before cold figures were kept has no cold view.
 */
export function inPhase(row: OkResult, phase: Phase): OkResult | undefined {
  if (phase === 'warm') return row;
  if (row.coldMedianMs === undefined || row.coldEventsPerSec === undefined || row.coldSamplesMs === undefined) return undefined;
  const samples = row.coldSamplesMs;
  return { ...row, samplesMs: samples, medianMs: row.coldMedianMs, eventsPerSec: row.coldEventsPerSec, minMs: Math.min(...samples), maxMs: Math.max(...samples) };
}

export function higherIsBetter(scenario: ScenarioId): boolean {
  return SCENARIOS[scenario].metric === 'events/s';
}

/** The headline figure of a row: events/s, or wall ms for the scenarios measured in time. */
export function headline(result: OkResult): number {
  return higherIsBetter(result.scenario) ? result.eventsPerSec : result.medianMs;
}

/** A headline figure as printed: events/s, or wall ms. */
export function formatFigure(scenario: ScenarioId, value: number): string {
  return higherIsBetter(scenario) ? `${formatRate(value)} ev/s` : `${formatMs(value)} ms`;
}

/** How many times faster `a` is than `b` (> 1: `a` is faster), whatever the scenario's metric. */
export function speedup(a: OkResult, b: OkResult): number {
  return b.medianMs / a.medianMs;
}

export function plainLoop(results: readonly CaseResult[], scenario: ScenarioId, phase: Phase = 'warm'): OkResult | undefined {
  const row = results.find((r): r is OkResult => r.scenario === scenario && r.kind === 'limit' && isOk(r));
  return row && inPhase(row, phase);
}

/** The fastest JS peer that gave a correct figure (neither genstage nor the plain loop). */
export function bestPeer(results: readonly CaseResult[], scenario: ScenarioId, phase: Phase = 'warm'): OkResult | undefined {
  let best: OkResult | undefined;
  for (const r of results) {
    if (r.scenario !== scenario || r.kind !== 'peer' || !isOk(r)) continue;
    const seen = inPhase(r, phase);
    if (seen !== undefined && (best === undefined || seen.medianMs < best.medianMs)) best = seen;
  }
  return best;
}

export function findRow(results: readonly CaseResult[], scenario: ScenarioId, contender: string): CaseResult | undefined {
  return results.find((r) => r.scenario === scenario && r.contender === contender);
}

/** A row that has no figure, as the table prints it. */
export function statusText(result: CaseResult): string {
  const label = { ok: 'ok', failed: 'FAILED', timeout: 'timeout', 'n/a': 'n/a', error: 'ERROR' }[result.status];
  return result.reason ? `${label}: ${result.reason}` : label;
}
