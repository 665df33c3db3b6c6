// The goals of issue 8 / anchor-figures.md, checked against this run's figures.
import { findRow, isOk, plainLoop, statusText, type OkResult } from './figures.js';
import { S2_LIMIT } from './scenarios/s2-concurrency.js';
import { formatMs, formatRate, formatRatio, significant } from './stats.js';
import type { CaseResult, ScenarioId } from './types.js';

export interface GoalCheck {
  scenario: ScenarioId;
  contender: string;
  goal: string;
  /** What this run measured, in words. */
  measured: string;
  /** null: no figure to judge (not built, failed, or the scenario was not run). */
  met: boolean | null;
}

interface Goal {
  scenario: ScenarioId;
  contender: string;
  goal: string;
  judge(row: OkResult, results: readonly CaseResult[]): { measured: string; met: boolean };
}

const M = 1e6;

function throughput(min: number): Goal['judge'] {
  return (row) => ({ measured: `${formatRate(row.eventsPerSec)} events/s`, met: row.eventsPerSec >= min * M });
}

/** At least `ratio` times as fast as the row `other` of the same scenario. */
function fasterThan(other: string, ratio: number): Goal['judge'] {
  return (row, results) => {
    const reference = findRow(results, row.scenario, other);
    if (reference === undefined || !isOk(reference)) return { measured: `no ${other} figure`, met: false };
    const speed = reference.medianMs / row.medianMs;
    return { measured: `${formatRatio(speed)} ${other} (${formatRate(row.eventsPerSec)} vs ${formatRate(reference.eventsPerSec)} events/s)`, met: speed >= ratio };
  };
}

const GOALS: readonly Goal[] = [
  { scenario: 'S1', contender: 'genstage (consume)', goal: '>= 100 M events/s', judge: throughput(100) },
  { scenario: 'S1', contender: 'genstage (for await)', goal: '>= 15 M events/s', judge: throughput(15) },
  {
    scenario: 'S2',
    contender: 'genstage (consume)',
    goal: `wall within 10 % of the hand-written pool, peak concurrency exactly ${S2_LIMIT}`,
    judge(row, results) {
      const pool = plainLoop(results, 'S2');
      if (pool === undefined) return { measured: 'no pool figure', met: false };
      const ratio = row.medianMs / pool.medianMs;
      return {
        measured: `${formatMs(row.medianMs)} ms = ${formatRatio(ratio)} the pool's ${formatMs(pool.medianMs)} ms, peak ${row.peakConcurrency}`,
        met: ratio <= 1.1 && row.peakConcurrency === S2_LIMIT,
      };
    },
  },
  ...['genstage (consume)', 'genstage (parallel)'].map(
    (contender): Goal => ({
      scenario: 'S3',
      contender,
      goal: '>= 50 M events/s, every share 20–30 %',
      judge(row) {
        const [low, high] = row.shareRange ?? [0, 1];
        const shares = `shares ${significant(low * 100)}–${significant(high * 100)} %`;
        return { measured: `${formatRate(row.eventsPerSec)} events/s, ${shares}`, met: row.eventsPerSec >= 50 * M && low >= 0.2 && high <= 0.3 };
      },
    }),
  ),
  {
    scenario: 'S4',
    contender: 'genstage (consume)',
    goal: 'peak RSS within 20 MB of the plain loop',
    judge(row, results) {
      const plain = plainLoop(results, 'S4');
      if (plain?.peakRssMB === undefined || row.peakRssMB === undefined) return { measured: 'no plain-loop figure', met: false };
      const extra = row.peakRssMB - plain.peakRssMB;
      return { measured: `${significant(row.peakRssMB)} MB, plain loop ${significant(plain.peakRssMB)} MB (${extra >= 0 ? '+' : ''}${significant(extra)} MB)`, met: extra <= 20 };
    },
  },
  { scenario: 'S5', contender: 'genstage (consume)', goal: '>= 50 M events/s', judge: throughput(50) },
  ...(
    [
      ['genstage (producerConsumer)', 1.7],
      ['piscina (per event)', 5],
      ['piscina (per batch)', 1],
    ] as const
  ).map(
    ([other, ratio]): Goal => ({ scenario: 'S6', contender: 'genstage (workers ×2)', goal: `>= ${ratio}× ${other}`, judge: fasterThan(other, ratio) }),
  ),
];

export function checkGoals(results: readonly CaseResult[]): GoalCheck[] {
  return GOALS.map((goal) => {
    const row = findRow(results, goal.scenario, goal.contender);
    const base = { scenario: goal.scenario, contender: goal.contender, goal: goal.goal };
    if (row === undefined) return { ...base, measured: 'not run', met: null };
    if (!isOk(row)) return { ...base, measured: statusText(row), met: null };
    return { ...base, ...goal.judge(row, results) };
  });
}

export function goalsText(checks: readonly GoalCheck[]): string {
  const mark = (met: boolean | null): string => (met === null ? '—   ' : met ? 'MET ' : 'MISS');
  return checks.map((c) => `- ${mark(c.met)} ${c.scenario} ${c.contender}: ${c.goal} — ${c.measured}`).join('\n');
}
