// Model-based test (DESIGN §4b, invariants 1-4): a producer with the demand dispatcher, read by manual
// subscribers, under random push / write / ask / cancel / subscribe / end / fail / stop sequences.
import fc from 'fast-check';
import { test } from 'vitest';
import { producerConfigArb } from './model/config.js';
import { modelProperty, MODEL_TIMEOUT_MS, NUM_RUNS, allowMixedDemands } from './model/run.js';

allowMixedDemands();

test('producer + demandDispatcher: exactly once, credit, liveness and bound over random commands', async () => {
  await fc.assert(modelProperty(producerConfigArb('demand')), { numRuns: NUM_RUNS });
}, MODEL_TIMEOUT_MS);
