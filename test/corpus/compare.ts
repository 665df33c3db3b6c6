// Step-by-step comparison of a replay with GenStage's recorded observations, with a readable first difference.
import type { Observation, Scenario } from './scenario.js';

/** Scenarios genstage cannot match on purpose (its README's "differs on purpose"), and why. */
export const SKIPPED_TAGS: Readonly<Record<string, string>> = {
  'bounded-partition-queues':
    "a GenStage partition queue grew past buffer_size; genstage bounds partition queues by bufferSize on purpose",
};

export function skipReason(scenario: Scenario): string | undefined {
  const tag = scenario.deliberate.find((t) => t in SKIPPED_TAGS);
  return tag === undefined ? undefined : `${tag}: ${SKIPPED_TAGS[tag]}`;
}

/**
 * GenStage's observation as genstage should show it: broadcast's empty batches removed where the scenario is
 * tagged with that deliberate difference, and consumers with no batch left out (both sides list only receivers).
 */
export function expectedFor(scenario: Scenario, observation: Observation): Observation {
  const dropEmpty = scenario.deliberate.includes('broadcast-empty-batch');
  return { ...observation, batches: receivers(observation.batches, dropEmpty) };
}

function receivers(batches: Record<string, number[][]>, dropEmpty: boolean): Record<string, number[][]> {
  const out: Record<string, number[][]> = {};
  for (const [consumer, list] of Object.entries(batches)) {
    const kept = dropEmpty ? list.filter((batch) => batch.length > 0) : list;
    if (kept.length > 0) out[consumer] = kept;
  }
  return out;
}

const FIELDS = ['demands', 'discards', 'batches', 'done', 'buffered', 'pc_events', 'pc_buffered', 'errors'] as const;

export interface Difference {
  step: number;
  field: string;
  expected: unknown;
  actual: unknown;
}

/** Every field that differs at the first step where the replay and the recording part ways. */
export function firstDifference(scenario: Scenario, actual: readonly Observation[]): Difference[] {
  for (let i = 0; i < scenario.observed.length; i++) {
    const expected = expectedFor(scenario, scenario.observed[i]!);
    const got = actual[i];
    if (got === undefined) return [{ step: i, field: '(step)', expected: 'an observation', actual: 'none' }];
    const differences: Difference[] = [];
    for (const field of FIELDS) {
      const want = field === 'errors' ? (expected.errors ?? []) : expected[field];
      const have = field === 'errors' ? (got.errors ?? []) : got[field];
      if (JSON.stringify(want) !== JSON.stringify(have)) differences.push({ step: i, field, expected: want, actual: have });
    }
    if (differences.length > 0) return differences;
  }
  return [];
}

/** A failure message a reader can act on: the step, what led to it, and each differing field. */
export function describeDifference(scenario: Scenario, differences: readonly Difference[]): string {
  const step = differences[0]!.step;
  const lines = [`${scenario.id} (${scenario.description}) differs at step ${step}: ${JSON.stringify(scenario.steps[step])}`];
  lines.push(`  producer: ${JSON.stringify(scenario.producer)}`);
  if (scenario.producer_consumer !== null) lines.push(`  producer_consumer: ${JSON.stringify(scenario.producer_consumer)}`);
  const from = Math.max(0, step - 6);
  if (from < step) lines.push(`  steps ${from}..${step - 1}:`);
  for (let i = from; i < step; i++) lines.push(`    ${i}: ${JSON.stringify(scenario.steps[i])}`);
  for (const d of differences) {
    lines.push(`  ${d.field}: expected ${JSON.stringify(d.expected)}`);
    lines.push(`  ${' '.repeat(d.field.length)}    actual ${JSON.stringify(d.actual)}`);
  }
  return lines.join('\n');
}
