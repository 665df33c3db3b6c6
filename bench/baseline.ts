// `--baseline=<dir>`: genstage's rows measured on another build too (an earlier commit's checkout), each case right
// before the current build's, so that both see the same machine load. Prints the two side by side, as ratios.
import { headline, higherIsBetter, inPhase, isOk, speedup, type OkResult } from './figures.js';
import { table } from './report.js';
import { formatMs, formatRate, formatRatio } from './stats.js';
import type { CaseResult, ScenarioId } from './types.js';

/** The row id of a genstage contender measured on the baseline build. */
export function baselineId(id: string): string {
  return `${id} @ baseline`;
}

/** Each genstage row beside the same row on the baseline build: cold and warm figures, and current ÷ baseline speed. */
export function baselineTable(scenarios: readonly ScenarioId[], results: readonly CaseResult[]): string {
  const rows: string[][] = [];
  for (const scenario of scenarios) {
    const show = (r: OkResult | undefined): string => {
      if (r === undefined) return '–';
      return higherIsBetter(scenario) ? formatRate(headline(r)) : `${formatMs(headline(r))} ms`;
    };
    for (const current of results.filter((r) => r.scenario === scenario && r.kind === 'genstage')) {
      const before = results.find((r) => r.scenario === scenario && r.contender === baselineId(current.contender));
      if (before === undefined) continue;
      if (!isOk(current) || !isOk(before)) {
        rows.push([scenario, current.contender, isOk(before) ? 'ok' : before.status, isOk(current) ? 'ok' : current.status, '', '', '', '']);
        continue;
      }
      const cells = (['cold', 'warm'] as const).flatMap((phase) => {
        const now = inPhase(current, phase);
        const then = inPhase(before, phase);
        return [show(then), show(now), now && then ? formatRatio(speedup(now, then)) : '–'];
      });
      rows.push([scenario, current.contender, ...cells]);
    }
  }
  const headers = ['cold', 'warm'].flatMap((phase) => [`${phase} baseline`, `${phase} now`, `${phase} now ÷ baseline`]);
  return table(['scenario', 'genstage', ...headers], rows);
}
