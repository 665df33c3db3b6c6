// Model-based test (DESIGN §4b, invariants 1-4): a producer with the broadcast dispatcher (subscribers with selectors), read by manual
// subscribers, under random push / write / ask / cancel / subscribe / end / fail / stop sequences.
import fc from 'fast-check';
import { test } from 'vitest';
import { producerConfigArb } from './model/config.js';
import { modelProperty, MODEL_TIMEOUT_MS, NUM_RUNS, allowMixedDemands } from './model/run.js';

allowMixedDemands();

test('producer + broadcastDispatcher: exactly once, credit, liveness and bound over random commands', async () => {
  await fc.assert(modelProperty(producerConfigArb('broadcast')), { numRuns: NUM_RUNS });
}, MODEL_TIMEOUT_MS);
