// Command-line options of `npm run bench -- [--quick] [--only=S1,S3] [--lib=genstage] [--cpu-prof] [--baseline=<dir>]`.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SCENARIO_IDS, type Mode, type ScenarioId } from './types.js';

export interface BenchOptions {
  mode: Mode;
  reps: number;
  warmUpMs: number;
  budgetMs: number;
  softDeadlineMs: number;
  hardTimeoutMs: number;
  scenarios: ScenarioId[];
  /** Only contenders whose id contains this text (the plain loop always runs: it is the reference). */
  library: string | null;
  cpuProfile: boolean;
  /** S7, the Redis scenario: run on its own (`--only=S7`), never part of the default matrix. */
  redis: boolean;
  /** Another build's dist/ directory: genstage's rows are measured on it too, each case beside the current one. */
  baseline: string | null;
  /** With a baseline: the whole comparison this many times, reported as medians (a process's speed varies by a third). */
  rounds: number;
}

const MODES: Record<Mode, Pick<BenchOptions, 'reps' | 'warmUpMs' | 'budgetMs' | 'softDeadlineMs' | 'hardTimeoutMs'>> = {
  full: { reps: 5, warmUpMs: 300, budgetMs: 8_000, softDeadlineMs: 20_000, hardTimeoutMs: 60_000 },
  quick: { reps: 2, warmUpMs: 100, budgetMs: 800, softDeadlineMs: 3_000, hardTimeoutMs: 20_000 },
};

export const USAGE = 'usage: npm run bench -- [--quick] [--only=S1,S3] [--only=S7] [--lib=<name>] [--cpu-prof] [--baseline=<checkout of another genstage build> [--rounds=N]]';

export function parseArgs(args: readonly string[]): BenchOptions {
  let mode: Mode = 'full';
  let scenarios = [...SCENARIO_IDS];
  let library: string | null = null;
  let cpuProfile = false;
  let redis = false;
  let baseline: string | null = null;
  let rounds = 1;
  for (const arg of args) {
    const [flag, value] = arg.split('=', 2) as [string, string | undefined];
    if (flag === '--quick') mode = 'quick';
    else if (flag === '--cpu-prof') cpuProfile = true;
    else if (flag === '--lib' && value) library = value.toLowerCase();
    else if (flag === '--baseline' && value) baseline = baselineDist(value);
    else if (flag === '--rounds' && value) rounds = parseRounds(value);
    else if (flag === '--only' && value) {
      const ids = value.split(',').map((id) => id.trim());
      redis = ids.some((id) => id.toUpperCase() === 'S7');
      const others = ids.filter((id) => id.toUpperCase() !== 'S7');
      scenarios = others.length > 0 ? parseScenarios(others.join(',')) : [];
    }
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  if (rounds > 1 && baseline === null) throw new Error(`--rounds repeats a comparison: it needs --baseline=<dir>\n${USAGE}`);
  return { mode, ...MODES[mode], scenarios, library, cpuProfile, redis, baseline, rounds };
}

/** The dist/ directory of the baseline checkout, which must hold a build (`npm ci && npm run build` there). */
function baselineDist(dir: string): string {
  const dist = resolve(dir, 'dist');
  if (!existsSync(join(dist, 'index.js'))) {
    throw new Error(`--baseline must be a genstage checkout with a build: ${join(dist, 'index.js')} does not exist (run npm ci && npm run build in ${resolve(dir)})`);
  }
  return dist;
}

function parseRounds(value: string): number {
  const rounds = Number(value);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 50) throw new Error(`--rounds must be an integer from 1 to 50, got ${value}`);
  return rounds;
}

function parseScenarios(list: string): ScenarioId[] {
  return list.split(',').map((id) => {
    const upper = id.trim().toUpperCase() as ScenarioId;
    if (!SCENARIO_IDS.includes(upper)) throw new Error(`unknown scenario ${id}: one of ${SCENARIO_IDS.join(', ')}`);
    return upper;
  });
}

/** Only a full run of the whole matrix writes results.json and the charts: the README shows those figures. */
export function publishes(options: BenchOptions): boolean {
  return (
    options.mode === 'full' &&
    options.library === null &&
    !options.cpuProfile &&
    options.baseline === null &&
    options.scenarios.length === SCENARIO_IDS.length
  );
}
