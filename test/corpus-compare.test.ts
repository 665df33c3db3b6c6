// The corpus comparison itself: what it forgives (deliberate differences) and what it reports.
import { describe, expect, it } from 'vitest';
import { describeDifference, expectedFor, firstDifference, skipReason } from './corpus/compare.js';
import type { Observation, Scenario } from './corpus/scenario.js';

function observation(step: number, fields: Partial<Observation> = {}): Observation {
  return { step, demands: [], discards: [], batches: {}, done: [], buffered: 0, ...fields };
}

function scenario(observed: Observation[], deliberate: string[] = []): Scenario {
  return {
    id: 'test-001',
    seed: 0,
    description: 'a made-up scenario',
    producer: { buffer_size: null, buffer_keep: 'last', demand: 'none', limit: 0, dispatcher: { type: 'broadcast' } },
    producer_consumer: null,
    steps: observed.map(() => ({ op: 'push', events: [1] })),
    observed,
    deliberate,
  };
}

describe('corpus comparison', () => {
  it('removes broadcast empty batches only where the scenario is tagged with that deliberate difference', () => {
    const recorded = observation(0, { batches: { '0': [[], [2]], '1': [[]] } });
    expect(expectedFor(scenario([recorded], ['broadcast-empty-batch']), recorded).batches).toEqual({ '0': [[2]] });
    expect(expectedFor(scenario([recorded]), recorded).batches).toEqual({ '0': [[], [2]], '1': [[]] });
  });

  it('skips bounded-partition-queues scenarios, with the reason', () => {
    expect(skipReason(scenario([], ['bounded-partition-queues']))).toMatch(/^bounded-partition-queues: .*bufferSize/);
    expect(skipReason(scenario([], ['broadcast-empty-batch']))).toBeUndefined();
  });

  it('reports every differing field of the first differing step, and nothing when all agree', () => {
    const recorded = [observation(0, { demands: [3] }), observation(1, { demands: [1], buffered: 2 })];
    const same = [observation(0, { demands: [3] }), observation(1, { demands: [1], buffered: 2 })];
    expect(firstDifference(scenario(recorded), same)).toEqual([]);
    const replayed = [observation(0, { demands: [3] }), observation(1, { demands: [1, 1], buffered: 1 })];
    const differences = firstDifference(scenario(recorded), replayed);
    expect(differences).toEqual([
      { step: 1, field: 'demands', expected: [1], actual: [1, 1] },
      { step: 1, field: 'buffered', expected: 2, actual: 1 },
    ]);
    expect(describeDifference(scenario(recorded), differences)).toContain('differs at step 1');
  });

  it('counts an error genstage threw as a difference, and a missing step too', () => {
    const recorded = [observation(0), observation(1)];
    const failed = [observation(0, { errors: ['step 0 (push): TypeError: boom'] }), observation(1)];
    expect(firstDifference(scenario(recorded), failed)[0]).toMatchObject({ step: 0, field: 'errors' });
    expect(firstDifference(scenario(recorded), [observation(0)])[0]).toMatchObject({ step: 1, field: '(step)' });
  });
});
