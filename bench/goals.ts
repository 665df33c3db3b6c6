// The goals of issue 14 (and issue 8 / anchor-figures.md before it), checked against this run's figures. The figure
// that counts is the cold one, after a single warm-up run in a fresh process: short pipelines are common, and that
// is how every peer is measured.
import { findRow, inPhase, isOk, plainLoop, statusText, type OkResult, type Phase } from './figures.js';
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

function throughput(min: number, phase: Phase = 'cold'): Goal['judge'] {
  return (row) => {
    const seen = inPhase(row, phase);
    if (seen === undefined) return { measured: `no ${phase} figure`, met: false };
    return { measured: `${formatRate(seen.eventsPerSec)} events/s ${phase}`, met: seen.eventsPerSec >= min * M };
  };
}

/** At least `ratio` times as fast as the row `other` of the same scenario, in the same phase. */
function fasterThan(other: string, ratio: number, phase: Phase = 'warm'): Goal['judge'] {
  return (row, results) => {
    const found = findRow(results, row.scenario, other);
    const reference = found !== undefined && isOk(found) ? inPhase(found, phase) : undefined;
    const seen = inPhase(row, phase);
    if (reference === undefined || seen === undefined) return { measured: `no ${phase} ${other} figure`, met: false };
    const speed = reference.medianMs / seen.medianMs;
    return { measured: `${formatRatio(speed)} ${other} ${phase} (${formatRate(seen.eventsPerSec)} vs ${formatRate(reference.eventsPerSec)} events/s)`, met: speed >= ratio };
  };
}

/** Every judge must hold. */
function all(...judges: Goal['judge'][]): Goal['judge'] {
  return (row, results) => {
    const verdicts = judges.map((judge) => judge(row, results));
    return { measured: verdicts.map((v) => v.measured).join('; '), met: verdicts.every((v) => v.met) };
  };
}

const GOALS: readonly Goal[] = [
  {
    scenario: 'S1',
    contender: 'genstage (operators)',
    goal: '>= 100 M events/s cold, >= 150 M warm, >= 4.5× Effect cold',
    judge: all(throughput(100), throughput(150, 'warm'), fasterThan('Effect Stream', 4.5, 'cold')),
  },
  { scenario: 'S1', contender: 'genstage (consume)', goal: 'producerConsumer stages: >= 50 M events/s cold', judge: throughput(50) },
  {
    scenario: 'S1',
    contender: 'genstage (for await)',
    goal: '>= 25 M events/s cold, ahead of Effect',
    judge: all(throughput(25), fasterThan('Effect Stream', 1, 'cold')),
  },
  {
    scenario: 'S2',
    contender: 'genstage (consume)',
    goal: `wall within 5 % of the hand-written pool, peak concurrency exactly ${S2_LIMIT}`,
    judge(row, results) {
      const pool = plainLoop(results, 'S2');
      if (pool === undefined) return { measured: 'no pool figure', met: false };
      const ratio = row.medianMs / pool.medianMs;
      return {
        measured: `${formatMs(row.medianMs)} ms = ${formatRatio(ratio)} the pool's ${formatMs(pool.medianMs)} ms, peak ${row.peakConcurrency}`,
        met: ratio <= 1.05 && row.peakConcurrency === S2_LIMIT,
      };
    },
  },
  ...['genstage (consume)', 'genstage (parallel)'].map(
    (contender): Goal => ({
      scenario: 'S3',
      contender,
      goal: '>= 80 M events/s cold, every share 20–30 %',
      judge(row, results) {
        const [low, high] = row.shareRange ?? [0, 1];
        const shares = `shares ${significant(low * 100)}–${significant(high * 100)} %`;
        const rate = throughput(80)(row, results);
        return { measured: `${rate.measured}, ${shares}`, met: rate.met && low >= 0.2 && high <= 0.3 };
      },
    }),
  ),
  {
    scenario: 'S4',
    contender: 'genstage (consume)',
    goal: 'peak RSS within 10 MB of the plain loop',
    judge(row, results) {
      const plain = plainLoop(results, 'S4');
      if (plain?.peakRssMB === undefined || row.peakRssMB === undefined) return { measured: 'no plain-loop figure', met: false };
      const extra = row.peakRssMB - plain.peakRssMB;
      return { measured: `${significant(row.peakRssMB)} MB, plain loop ${significant(plain.peakRssMB)} MB (${extra >= 0 ? '+' : ''}${significant(extra)} MB)`, met: extra <= 10 };
    },
  },
  { scenario: 'S5', contender: 'genstage (consume)', goal: '>= 100 M events/s cold', judge: throughput(100) },
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
