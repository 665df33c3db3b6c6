// One SVG per scenario, written to bench/: what each scenario charts and how its bars are labelled.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderChart, type ChartRow, type ChartSpec } from './chart.js';
import { isOk, statusText } from './figures.js';
import type { Machine } from './machine.js';
import { BENCH_DIR } from './paths.js';
import { SCENARIOS } from './scenarios/index.js';
import { S2_IDEAL_MS } from './scenarios/s2-concurrency.js';
import { formatMs, formatRate, formatTick, significant } from './stats.js';
import type { CaseResult, Mode, ScenarioId } from './types.js';

const FILES: Record<ScenarioId, string> = {
  S1: 's1-throughput.svg',
  S2: 's2-concurrency.svg',
  S3: 's3-fan-out.svg',
  S4: 's4-memory.svg',
  S5: 's5-merge.svg',
  S6: 's6-cpu.svg',
};

/** The value a bar shows, and its text, for one scenario's row. */
function bar(scenario: ScenarioId, r: CaseResult): Pick<ChartRow, 'value' | 'text'> {
  if (!isOk(r)) return { text: statusText(r) };
  const cold = r.cold ? ' (1 cold run)' : '';
  if (scenario === 'S2') return { value: r.medianMs, text: `${formatMs(r.medianMs)} ms, peak ${r.peakConcurrency}${cold}` };
  if (scenario === 'S4') return { value: r.peakRssMB, text: `${significant(r.peakRssMB ?? 0)} MB RSS, ${formatMs(r.medianMs)} ms${cold}` };
  if (scenario === 'S3') {
    const shares = (r.shares ?? []).map((share) => Math.round(share * 100)).join('/');
    return { value: r.eventsPerSec, text: `${formatRate(r.eventsPerSec)} events/s, shares ${shares} %${cold}` };
  }
  return { value: r.eventsPerSec, text: `${formatRate(r.eventsPerSec)} events/s${cold}` };
}

function spec(scenario: ScenarioId, results: readonly CaseResult[], labels: ReadonlyMap<string, string>, subtitle: string): ChartSpec {
  const rows = results.filter((r) => r.scenario === scenario).map((r) => ({ label: labels.get(r.contender) ?? r.contender, kind: r.kind, ...bar(scenario, r) }));
  const title = SCENARIOS[scenario].title;
  if (scenario === 'S2') {
    return { title, subtitle, rows, scale: 'linear', axis: 'wall time, ms (shorter is better)', marker: { value: S2_IDEAL_MS, label: `ideal ${S2_IDEAL_MS} ms` }, tick: (v) => `${v}` };
  }
  if (scenario === 'S4') {
    return { title, subtitle, rows, scale: 'linear', axis: 'peak resident memory of the process, MB (shorter is better)', tick: (v) => `${v}` };
  }
  return { title, subtitle, rows, scale: 'log', axis: 'events per second, log scale (longer is better)', tick: formatTick };
}

export function writeCharts(scenarios: readonly ScenarioId[], results: readonly CaseResult[], labels: ReadonlyMap<string, string>, machine: Machine, mode: Mode): string[] {
  const subtitle = `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.date.slice(0, 10)}${mode === 'quick' ? ', --quick' : ''}; median of each library in a fresh process`;
  return scenarios.map((scenario) => {
    writeFileSync(join(BENCH_DIR, FILES[scenario]), renderChart(spec(scenario, results, labels, subtitle)));
    return `bench/${FILES[scenario]}`;
  });
}
