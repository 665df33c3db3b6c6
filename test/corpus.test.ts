// Differential test: replays real GenStage 1.3.2's recorded scenarios against genstage, step by step.
// The corpus lives beside the repository (../shared); GENSTAGE_CORPUS points at another file of the same format.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeDifference, firstDifference, skipReason } from './corpus/compare.js';
import { replayScenario } from './corpus/replay.js';
import { loadCorpus } from './corpus/scenario.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const path = process.env.GENSTAGE_CORPUS
  ? resolve(process.env.GENSTAGE_CORPUS)
  : resolve(root, '../shared/reference/genstage-corpus/shared.json');

describe(`GenStage corpus ${path}`, () => {
  if (!existsSync(path)) {
    it('finds the corpus file', () => {
      throw new Error(`no corpus at ${path}: clone ../shared beside the repository or set GENSTAGE_CORPUS`);
    });
    return;
  }
  const corpus = loadCorpus(path);
  for (const scenario of corpus.scenarios) {
    const name = `${scenario.id}: ${scenario.description}`;
    const skip = skipReason(scenario);
    if (skip !== undefined) {
      it.skip(`${name} [skipped, ${skip}]`, () => {});
      continue;
    }
    it(name, async () => {
      const observed = await replayScenario(scenario);
      expect(observed).toHaveLength(scenario.steps.length);
      const differences = firstDifference(scenario, observed);
      if (differences.length > 0) expect.fail(describeDifference(scenario, differences));
    });
  }
});
