// Model-based test (DESIGN §4b, invariants 1-4): producer → a fused map+filter (or filter+map) operator stage;
// manual subscribers read the fused stage (operators take no dispatcher option: demand dispatcher).
import fc from 'fast-check';
import { test } from 'vitest';
import { middleConfigArb } from './model/config.js';
import { modelProperty, MODEL_TIMEOUT_MS, NUM_RUNS, allowMixedDemands } from './model/run.js';

allowMixedDemands();

test('producer → fused map/filter: exactly once, credit, liveness and bound over random commands', async () => {
  await fc.assert(modelProperty(middleConfigArb('fused')), { numRuns: NUM_RUNS });
}, MODEL_TIMEOUT_MS);
