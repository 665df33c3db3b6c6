// One model run: build the pipeline, replay the drawn commands (checking after each), then end it all and
// check that everything completed. The property every model-*.test.ts file asserts.
import fc from 'fast-check';
import { beforeEach } from 'vitest';
import { allowWarnings, MIXED_DEMANDS } from '../warnings.js';
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
 * The demand dispatcher warns (as GenStage) when subscribers ask different amounts; random asks do on purpose,
 * and the final phase asks far more than any first ask. Declared expected for every test of the calling file.
 */
export function allowMixedDemands(): void {
  beforeEach(() => allowWarnings(MIXED_DEMANDS));
}

export function modelProperty(configs: fc.Arbitrary<Config>, maxCommands = 25) {
  return fc.asyncProperty(configs, commandsArb(maxCommands), (config, commands) => runModel(config, commands as never));
}

/** numRuns per file: enough to find the failures below in a few seconds; MODEL_RUNS raises it for a long hunt. */
export const NUM_RUNS = Number(process.env.MODEL_RUNS ?? 150);

/** A property runs in about two seconds on a quiet machine; a loaded one (CI neighbours) may take several times that. */
export const MODEL_TIMEOUT_MS = 60_000;
