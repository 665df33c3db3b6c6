// The markdown tables printed to stdout: one per scenario, then genstage against the field.
import { bestPeer, findRow, formatFigure, headline, inPhase, isOk, plainLoop, speedup, statusText, type OkResult, type Phase } from './figures.js';
import { S2_IDEAL_MS } from './scenarios/s2-concurrency.js';
import { SCENARIOS } from './scenarios/index.js';
import { formatMs, formatRate, formatRatio, significant } from './stats.js';
import type { CaseResult, Contender, ScenarioId } from './types.js';

type Column = { header: string; cell: (row: OkResult) => string };

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

function runs(row: OkResult): string {
  if (row.cold) return '1†';
  const cold = row.coldSamplesMs?.length;
  return cold === undefined ? String(row.samplesMs?.length ?? 0) : `${cold} + ${row.samplesMs?.length ?? 0}`;
}

function block(row: OkResult): string {
  return row.longestBlockMs === undefined ? '–' : formatMs(row.longestBlockMs);
}

/** The row's cold figure, as `show` prints a figure. */
function cold(row: OkResult, show: (r: OkResult) => string): string {
  const seen = inPhase(row, 'cold');
  return seen === undefined ? '–' : show(seen);
}

function rateRange(row: OkResult): string {
  return `${formatRate((row.events! / row.maxMs!) * 1000)}–${formatRate((row.events! / row.minMs!) * 1000)}`;
}

function msRange(row: OkResult): string {
  return `${formatMs(row.minMs!)}–${formatMs(row.maxMs!)}`;
}

function vs(row: OkResult | undefined, reference: OkResult | undefined): string {
  return row === undefined || reference === undefined ? '–' : formatRatio(speedup(row, reference));
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

function columnsFor(scenario: ScenarioId, results: readonly CaseResult[]): Column[] {
  // Cold against cold, warm against warm: each phase beside the same phase of the references.
  const speed = (phase: Phase): Column[] => {
    const plain = plainLoop(results, scenario, phase);
    const peer = bestPeer(results, scenario, phase);
    return [
      { header: `${phase} vs plain loop`, cell: (r) => vs(inPhase(r, phase), plain) },
      { header: `${phase} vs best peer`, cell: (r) => vs(inPhase(r, phase), peer) },
    ];
  };
  const blocked: Column = { header: 'longest block ms', cell: block };
  const plain = plainLoop(results, scenario);
  switch (scenario) {
    case 'S2':
      return [
        { header: 'cold wall ms', cell: (r) => cold(r, (c) => formatMs(c.medianMs)) },
        { header: 'wall ms (median)', cell: (r) => formatMs(r.medianMs) },
        { header: 'min–max', cell: msRange },
        { header: `× ideal ${S2_IDEAL_MS} ms`, cell: (r) => formatRatio(r.medianMs / S2_IDEAL_MS) },
        { header: '× pool', cell: (r) => (plain ? formatRatio(r.medianMs / plain.medianMs) : '–') },
        { header: 'peak concurrency', cell: (r) => String(r.peakConcurrency ?? '–') },
        { header: 'runs', cell: runs },
        blocked,
      ];
    case 'S4':
      return [
        { header: 'cold ms', cell: (r) => cold(r, (c) => formatMs(c.medianMs)) },
        { header: 'wall ms (median)', cell: (r) => formatMs(r.medianMs) },
        { header: 'min–max', cell: msRange },
        { header: 'events/s', cell: (r) => formatRate(r.eventsPerSec) },
        { header: 'peak RSS MB', cell: (r) => significant(r.peakRssMB ?? 0) },
        { header: 'RSS − plain loop', cell: (r) => (plain?.peakRssMB !== undefined ? `${significant((r.peakRssMB ?? 0) - plain.peakRssMB)} MB` : '–') },
        { header: 'heap growth MB', cell: (r) => significant(r.heapGrowthMB ?? 0) },
        { header: 'runs', cell: runs },
        ...speed('warm'),
        blocked,
      ];
    default:
      return [
        { header: 'cold events/s', cell: (r) => cold(r, (c) => formatRate(c.eventsPerSec)) },
        { header: 'warm events/s', cell: (r) => formatRate(r.eventsPerSec) },
        { header: 'warm min–max', cell: rateRange },
        { header: 'runs (cold + warm)', cell: runs },
        ...speed('cold'),
        ...speed('warm'),
        blocked,
        ...(scenario === 'S3' ? [{ header: 'shares', cell: (r: OkResult) => (r.shares ?? []).map(percent).join(' / ') }] : []),
      ];
  }
}

export function scenarioTable(scenario: ScenarioId, results: readonly CaseResult[], labels: ReadonlyMap<string, string>): string {
  const rows = results.filter((r) => r.scenario === scenario);
  const columns = columnsFor(scenario, results);
  const body = rows.map((r) => {
    const label = labels.get(r.contender) ?? r.contender;
    if (!isOk(r)) return [label, statusText(r), ...columns.slice(1).map(() => '')];
    return [label, ...columns.map((c) => c.cell(r))];
  });
  return `### ${SCENARIOS[scenario].title}\n\n${table(['library', ...columns.map((c) => c.header)], body)}`;
}

/** genstage's rows beside the best peer and the plain loop, cold and warm, one line per (scenario, genstage row). */
export function summaryTable(scenarios: readonly ScenarioId[], results: readonly CaseResult[]): string {
  const rows: string[][] = [];
  for (const scenario of scenarios) {
    const show = (r: OkResult | undefined): string => {
      if (r === undefined) return '–';
      return formatFigure(scenario, headline(r));
    };
    const phases = (['cold', 'warm'] as const).map((phase) => ({ phase, plain: plainLoop(results, scenario, phase), peer: bestPeer(results, scenario, phase) }));
    for (const r of results.filter((x) => x.scenario === scenario && x.kind === 'genstage')) {
      const row = findRow(results, scenario, r.contender)!;
      if (!isOk(row)) {
        rows.push([scenario, r.contender, statusText(row), '', '', '', '', '']);
        continue;
      }
      const cells = phases.map(({ phase, plain, peer }) => {
        const seen = inPhase(row, phase);
        return [show(seen), peer ? `${vs(seen, peer)} ${peer.contender}` : '–', vs(seen, plain)];
      });
      rows.push([scenario, r.contender, ...cells.flat(), block(row)]);
    }
  }
  const headers = ['cold', 'warm'].flatMap((phase) => [`${phase} figure`, `${phase} vs best peer`, `${phase} vs plain loop`]);
  return table(['scenario', 'genstage', ...headers, 'longest block ms'], rows);
}

/** One line per contender: how it is written, so a reader can judge the comparison. */
export function howSection(contenders: readonly Contender[], labels: ReadonlyMap<string, string>): string {
  return contenders.map((c) => `- **${labels.get(c.id) ?? c.id}**: ${c.how}`).join('\n');
}
