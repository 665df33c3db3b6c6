// One scenario, end to end: skipped for a deliberate difference, or replayed and compared with GenStage.
import { firstDifference, skipReason, type Difference } from './compare.js';
import { replayScenario } from './replay.js';
import type { Scenario } from './scenario.js';

export interface ScenarioResult {
  id: string;
  /** Why the scenario was not replayed (a deliberate genstage difference), if it was not. */
  skipped?: string;
  /** Every differing field at the first step where genstage and GenStage part ways; empty when they agree. */
  differences: Difference[];
}

/** Replays `scenario` (a parsed corpus scenario, of any corpus file) and compares it with what GenStage did. */
export async function checkScenario(scenario: Scenario): Promise<ScenarioResult> {
  const skipped = skipReason(scenario);
  if (skipped !== undefined) return { id: scenario.id, skipped, differences: [] };
  const observed = await replayScenario(scenario);
  return { id: scenario.id, differences: firstDifference(scenario, observed) };
}
