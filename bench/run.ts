// `npm run bench`: every (library, scenario) case in a fresh child process, then the markdown tables, the goals
// check, bench/results.json and one SVG chart per scenario. Progress goes to stderr, the report to stdout.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCharts } from './charts.js';
import { parseArgs, publishes, type BenchOptions } from './cli.js';
import { compileBench } from './compile.js';
import { checkGoals, goalsText, type GoalCheck } from './goals.js';
import { LIBRARY_MODULES, loadLibrary, type LibraryModule } from './libraries/index.js';
import { describeMachine, installedVersion, ownVersion, type Machine } from './machine.js';
import { BASELINE_DIST_ENV, BENCH_DIR } from './paths.js';
import { baselineId, baselineTable } from './baseline.js';
import { howSection, scenarioTable, summaryTable } from './report.js';
import { SCENARIOS } from './scenarios/index.js';
import { runInChild } from './spawn.js';
import { formatMs } from './stats.js';
import type { CaseResult, Contender, ScenarioId } from './types.js';

interface Row {
  module: LibraryModule;
  contender: Contender;
}

const PROFILES = join(BENCH_DIR, 'profiles');

async function loadRows(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const module of LIBRARY_MODULES) for (const contender of await loadLibrary(module)) rows.push({ module, contender });
  return rows;
}

/** Row labels carry the installed version, so a table read alone still says what was measured. */
function labelsOf(rows: readonly Row[]): Map<string, string> {
  return new Map(rows.map(({ contender: c }) => [c.id, c.packageName ? `${c.id} ${installedVersion(c.packageName)}` : c.id]));
}

function selected(contender: Contender, options: BenchOptions): boolean {
  return options.library === null || contender.kind === 'limit' || contender.id.toLowerCase().includes(options.library);
}

/** The case in a child process; with `dist` (a baseline build's dist/), a genstage row measured on that build. */
async function runCase(row: Row, scenario: ScenarioId, options: BenchOptions, worker: string, dist?: string): Promise<CaseResult | null> {
  const { contender, module } = row;
  const entry = contender[scenario];
  if (entry === undefined || !selected(contender, options)) return null;
  const base = { contender: contender.id, kind: contender.kind, scenario };
  if ('na' in entry) return { ...base, status: 'n/a', reason: entry.na };
  const { mode, reps, warmUpMs, budgetMs, softDeadlineMs, hardTimeoutMs } = options;
  const config = { contender: contender.id, module, scenario, mode, reps, warmUpMs, budgetMs, softDeadlineMs };
  const env = dist === undefined ? undefined : { [BASELINE_DIST_ENV]: dist };
  const result = await runInChild(config, contender, { worker, hardTimeoutMs, env, cpuProfileDir: options.cpuProfile ? PROFILES : undefined });
  return dist === undefined ? result : { ...result, contender: baselineId(contender.id), kind: 'baseline' };
}

/** The builds a row is measured on: the current one, and the baseline first on every other genstage row (so that a
 * machine getting slower or faster over a pair favours neither build). */
function buildsFor(row: Row, options: BenchOptions, pair: number): (string | undefined)[] {
  if (options.baseline === null || row.contender.kind !== 'genstage') return [undefined];
  return pair % 2 === 0 ? [options.baseline, undefined] : [undefined, options.baseline];
}

async function runMatrix(rows: readonly Row[], options: BenchOptions, worker: string): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const scenario of options.scenarios) {
    let pairs = 0;
    for (const row of rows) {
      const builds = buildsFor(row, options, pairs);
      if (builds.length > 1) pairs++;
      for (const dist of builds) {
        const result = await runCase(row, scenario, options, worker, dist);
        if (result === null) continue;
        results.push(result);
        progress(result);
      }
    }
  }
  return results;
}

function progress(result: CaseResult): void {
  const cold = result.coldMedianMs === undefined ? '' : `cold ${formatMs(result.coldMedianMs)} ms, `;
  const block = result.longestBlockMs === undefined ? '' : `, longest block ${formatMs(result.longestBlockMs)} ms`;
  const figure = result.status === 'ok' ? `${cold}warm ${formatMs(result.medianMs!)} ms${block}` : result.status;
  process.stderr.write(`  ${result.scenario} ${result.contender.padEnd(24)} ${figure}${result.status === 'ok' ? '' : `: ${result.reason ?? ''}`}\n`);
}

function methodOf(options: BenchOptions): string {
  const sizes = options.mode === 'quick' ? '; --quick: S1, S3, S5 on 1/5 of the events, S4 on 1/10' : '';
  return (
    `each case in a fresh process (node --expose-gc): cold = one warm-up run, then up to ${options.reps} timed runs; ` +
    `warm = more warm-up runs until the case ran ${options.warmUpMs} ms, then up to ${options.reps} timed runs; ` +
    `each phase's timed runs within ${options.budgetMs / 1000} s, median; longest block = the event loop's longest block over every run${sizes}`
  );
}

function writeResults(rows: readonly Row[], results: readonly CaseResult[], goals: readonly GoalCheck[], machine: Machine, options: BenchOptions, seconds: number): void {
  const contenders = rows.map(({ contender: c }) => ({
    id: c.id,
    kind: c.kind,
    package: c.packageName ?? null,
    version: c.packageName ? installedVersion(c.packageName) : c.kind === 'genstage' ? ownVersion() : null,
    how: c.how,
  }));
  const scenarios = Object.fromEntries(options.scenarios.map((id) => [id, { title: SCENARIOS[id].title, metric: SCENARIOS[id].metric }]));
  const report = { machine, mode: options.mode, method: methodOf(options), durationSeconds: Math.round(seconds), contenders, scenarios, results, goals };
  writeFileSync(join(BENCH_DIR, 'results.json'), JSON.stringify(report, null, 2) + '\n');
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  // Loaded only when asked for: S7 brings in a Redis client and BullMQ.
  if (options.redis) await (await import('./redis/run.js')).runRedisBench(options.mode === 'quick');
  if (options.scenarios.length === 0) return;
  const started = performance.now();
  const machine = describeMachine();
  const rows = await loadRows();
  const worker = compileBench();
  if (options.cpuProfile) mkdirSync(PROFILES, { recursive: true });
  process.stderr.write(`genstage bench (${options.mode}): ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}\n`);
  // Every round runs the whole matrix; the tables show the first, the baseline comparison the medians of all.
  const rounds: CaseResult[][] = [];
  for (let round = 1; round <= options.rounds; round++) {
    if (options.rounds > 1) process.stderr.write(`round ${round} of ${options.rounds}\n`);
    rounds.push(await runMatrix(rows, options, worker));
  }
  const results = rounds[0]!;
  const seconds = (performance.now() - started) / 1000;
  const labels = labelsOf(rows);
  const goals = checkGoals(results);
  let written = 'Not a full run (--quick, --only, --lib, --cpu-prof or --baseline): bench/results.json and the charts were left as they were.';
  if (publishes(options)) {
    writeResults(rows, results, goals, machine, options, seconds);
    written = `Wrote bench/results.json and ${writeCharts(options.scenarios, results, labels, machine, options.mode).join(', ')}.`;
  }
  if (options.cpuProfile) written += ` CPU profiles are in bench/profiles/.`;
  const out = [
    `## genstage bench${options.mode === 'quick' ? ' (--quick)' : ''}`,
    '',
    `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, Node ${machine.node}, ${machine.platform}, ${machine.date}; ${methodOf(options)}. ` +
      'Every figure passed its correctness check (same sum, each event exactly once, the concurrency limit kept); a wrong result prints FAILED. ' +
      '† = one cold run: the first run alone took longer than the budget. "cold vs X" / "warm vs X" > 1 means faster than X in the same phase.',
    ...options.scenarios.flatMap((scenario) => ['', scenarioTable(scenario, results, labels)]),
    '',
    '### genstage against the field',
    '',
    summaryTable(options.scenarios, results),
    '',
    ...(options.baseline === null
      ? []
      : [`### genstage against the baseline build (${options.baseline}${options.rounds > 1 ? `, medians of ${options.rounds} rounds` : ''})`, '', baselineTable(options.scenarios, rounds), '']),
    '### Goals',
    '',
    goalsText(goals),
    '',
    '### How each library is written',
    '',
    howSection(rows.map((r) => r.contender), labels),
    '',
    `${written} Took ${Math.round(seconds)} s.`,
  ];
  process.stdout.write(out.join('\n') + '\n');
}

await main();
