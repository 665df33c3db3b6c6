// Model-based test (DESIGN §4b, invariants 1-4): producer → producerConsumer (identity, double, drop-odd or dup)
// with a demand, broadcast or partition dispatcher; manual subscribers read the producerConsumer.
import fc from 'fast-check';
import { test } from 'vitest';
import { middleConfigArb } from './model/config.js';
import { modelProperty, MODEL_TIMEOUT_MS, NUM_RUNS, allowMixedDemands } from './model/run.js';

allowMixedDemands();

test('producer → producerConsumer: exactly once, credit, liveness and bound over random commands', async () => {
  await fc.assert(modelProperty(middleConfigArb('producerConsumer')), { numRuns: NUM_RUNS, ...(process.env.MODEL_RUN_TIMEOUT ? { timeout: Number(process.env.MODEL_RUN_TIMEOUT) } : {}) });
}, MODEL_TIMEOUT_MS);
