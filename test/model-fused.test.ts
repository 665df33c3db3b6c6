// Model-based test (DESIGN §4b, invariants 1-4): producer → a fused map+filter (or filter+map) operator stage;
// manual subscribers read the fused stage (operators take no dispatcher option: demand dispatcher).
import fc from 'fast-check';
import { afterAll, beforeAll, test } from 'vitest';
import { middleConfigArb } from './model/config.js';
import { modelProperty, NUM_RUNS, quietWarnings } from './model/run.js';

let restore: () => void;
beforeAll(() => (restore = quietWarnings()));
afterAll(() => restore());

// Skipped: open after the core rebuild (issue 13): see the closing note.
test.skip('producer → fused map/filter: exactly once, credit, liveness and bound over random commands', async () => {
  await fc.assert(modelProperty(middleConfigArb('fused')), { numRuns: NUM_RUNS });
});
