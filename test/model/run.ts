// One model run: build the pipeline, replay the drawn commands (checking after each), then end it all and
// check that everything completed. The property every model-*.test.ts file asserts.
import fc from 'fast-check';
import { assertInvariants, finalPhase } from './check.js';
import { commandsArb } from './commands.js';
import type { Config } from './config.js';
import { settle } from './settle.js';
import { buildWorld } from './world.js';

export async function runModel(config: Config, commands: Iterable<fc.AsyncCommand<never, never>>): Promise<void> {
  const world = buildWorld(config);
  await settle(world);
  assertInvariants(world, 'setup');
  await fc.asyncModelRun(() => ({ model: world, real: world }), commands as never);
  await finalPhase(world);
}

/**
 * The demand dispatcher warns (as GenStage) when subscribers ask different amounts; random asks do on purpose.
 * Silenced per run so the output shows the counterexamples, not thousands of expected warnings.
 */
export function quietWarnings(): () => void {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).includes('DemandDispatcher expects a maximum demand')) warn(...args);
  };
  return () => {
    console.warn = warn;
  };
}

export function modelProperty(configs: fc.Arbitrary<Config>, maxCommands = 25) {
  return fc.asyncProperty(configs, commandsArb(maxCommands), (config, commands) => runModel(config, commands as never));
}

/** numRuns per file: enough to find the failures below in a few seconds; MODEL_RUNS raises it for a long hunt. */
export const NUM_RUNS = Number(process.env.MODEL_RUNS ?? 150);
