// The child process of one case: `node --expose-gc bench/.build/worker.js '<WorkerConfig as JSON>'`.
// It loads only its contender's module, measures, and sends one CaseResult to the driver.
import { loadLibrary, type LibraryModule } from './libraries/index.js';
import { measureCase } from './measure.js';
import { SCENARIOS } from './scenarios/index.js';
import type { CaseConfig, CaseResult, Contender, Implementations, ScenarioId } from './types.js';

export interface WorkerConfig extends CaseConfig {
  module: LibraryModule;
}

async function measure(config: WorkerConfig): Promise<CaseResult> {
  const contender = (await loadLibrary(config.module)).find((c) => c.id === config.contender);
  if (contender === undefined) throw new Error(`no contender ${config.contender} in ${config.module}`);
  const entry = contender[config.scenario];
  if (entry === undefined || 'na' in entry) throw new Error(`${config.contender} has nothing to run for ${config.scenario}`);
  return measureScenario(config, contender, config.scenario, entry as Implementations[typeof config.scenario]);
}

function measureScenario<S extends ScenarioId>(config: WorkerConfig, contender: Contender, id: S, impl: Implementations[S]): Promise<CaseResult> {
  return measureCase(config, contender, SCENARIOS[id].prepare(config), impl);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig;
let result: CaseResult;
try {
  result = await measure(config);
} catch (error) {
  result = { contender: config.contender, kind: 'peer', scenario: config.scenario, status: 'failed', reason: `threw ${describe(error)}` };
}
// Exit at once: a library may leave timers or handles behind, and they must not delay the next case.
process.send!(result, () => process.exit(0));
