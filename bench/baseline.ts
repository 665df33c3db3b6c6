// `--baseline=<dir>`: genstage's rows measured on another build too (an earlier commit's checkout), each case right
// before or after the current build's, so that both see the same machine load. Prints the two side by side, as
// ratios; with `--rounds=N`, the medians of N rounds and the range of the ratio.
import { formatFigure, headline, inPhase, isOk, speedup, type OkResult, type Phase } from './figures.js';
import { table } from './report.js';
import { formatRatio, median } from './stats.js';
import type { CaseResult, ScenarioId } from './types.js';

/** The row id of a genstage contender measured on the baseline build. */
export function baselineId(id: string): string {
  return `${id} @ baseline`;
}

interface Pair {
  now: OkResult;
  then: OkResult;
}

/** Each genstage row beside the same row on the baseline build: cold and warm figures, and current ÷ baseline speed. */
export function baselineTable(scenarios: readonly ScenarioId[], rounds: readonly (readonly CaseResult[])[]): string {
  const rows: string[][] = [];
  for (const scenario of scenarios) {
    const show = (values: number[]): string => (values.length === 0 ? '–' : formatFigure(scenario, median(values)));
    for (const current of rounds[0]!.filter((r) => r.scenario === scenario && r.kind === 'genstage')) {
      const pairs = rounds.flatMap((results) => pairOf(results, scenario, current.contender));
      if (pairs.length === 0) {
        const then = rounds[0]!.find((r) => r.scenario === scenario && r.contender === baselineId(current.contender));
        if (then !== undefined) rows.push([scenario, current.contender, '0', `baseline ${then.status}, now ${current.status}`, '', '', '', '', '']);
        continue;
      }
      const cells = (['cold', 'warm'] as const).flatMap((phase) => {
        const seen = pairs.flatMap((pair) => inBoth(pair, phase));
        return [show(seen.map((p) => headline(p.then))), show(seen.map((p) => headline(p.now))), ratios(seen)];
      });
      rows.push([scenario, current.contender, String(pairs.length), ...cells]);
    }
  }
  const headers = ['cold', 'warm'].flatMap((phase) => [`${phase} baseline`, `${phase} now`, `${phase} now ÷ baseline`]);
  return table(['scenario', 'genstage', 'rounds', ...headers], rows);
}

function pairOf(results: readonly CaseResult[], scenario: ScenarioId, contender: string): Pair[] {
  const now = results.find((r) => r.scenario === scenario && r.contender === contender);
  const then = results.find((r) => r.scenario === scenario && r.contender === baselineId(contender));
  return now !== undefined && then !== undefined && isOk(now) && isOk(then) ? [{ now, then }] : [];
}

function inBoth(pair: Pair, phase: Phase): Pair[] {
  const now = inPhase(pair.now, phase);
  const then = inPhase(pair.then, phase);
  return now !== undefined && then !== undefined ? [{ now, then }] : [];
}

/** The median of the rounds' ratios, with their range when there were several. */
function ratios(pairs: readonly Pair[]): string {
  if (pairs.length === 0) return '–';
  const values = pairs.map((p) => speedup(p.now, p.then));
  const mid = formatRatio(median(values));
  return values.length === 1 ? mid : `${mid} (${formatRatio(Math.min(...values))}–${formatRatio(Math.max(...values))})`;
}
