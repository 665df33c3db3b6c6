// Differential test: replays real GenStage 1.3.2's recorded scenarios against genstage, step by step.
// The corpus lives beside the repository (../shared); GENSTAGE_CORPUS points at another file of the same format.
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkScenario } from './corpus/check.js';
import { describeDifference, skipReason } from './corpus/compare.js';
import { DIVERGENCE_CLASSES, OPEN_DIVERGENCES } from './corpus/open-divergences.js';
import { loadCorpus } from './corpus/scenario.js';
import { allowWarnings, MIXED_DEMANDS } from './warnings.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const path = process.env.GENSTAGE_CORPUS
  ? resolve(process.env.GENSTAGE_CORPUS)
  : resolve(root, '../shared/reference/genstage-corpus/shared.json');

// The scenarios give one producer's consumers different max demands on purpose; genstage then warns, as
// GenStage logs. Only those warnings are declared expected (see warnings.ts), so the diffs stay readable.
beforeEach(() => allowWarnings(MIXED_DEMANDS));

describe(`GenStage corpus ${path}`, () => {
  if (!existsSync(path)) {
    it('finds the corpus file', () => {
      throw new Error(`no corpus at ${path}: clone ../shared beside the repository or set GENSTAGE_CORPUS`);
    });
    return;
  }
  const corpus = loadCorpus(path);
  if (basename(path) === 'shared.json') {
    it('lists in open-divergences.ts only replayed scenarios of this corpus', () => {
      const replayed = new Set(corpus.scenarios.filter((s) => skipReason(s) === undefined).map((s) => s.id));
      expect(Object.keys(OPEN_DIVERGENCES).filter((id) => !replayed.has(id))).toEqual([]);
    });
  }
  for (const scenario of corpus.scenarios) {
    const name = `${scenario.id}: ${scenario.description}`;
    const skip = skipReason(scenario);
    if (skip !== undefined) {
      it.skip(`${name} [skipped, ${skip}]`, () => {});
      continue;
    }
    const deliberate = OPEN_DIVERGENCES[scenario.id];
    // GENSTAGE_CORPUS_ALL=1 replays the deliberate ones as ordinary scenarios too, to print their differences.
    if (deliberate !== undefined && !process.env.GENSTAGE_CORPUS_ALL) {
      // Still replayed: one that starts to match GenStage fails here, so the list cannot rot.
      it(`${name} [differs on purpose: ${deliberate}]`, async () => {
        const result = await checkScenario(scenario);
        if (result.differences.length === 0) {
          expect.fail(
            `${scenario.id} now replays exactly as GenStage: remove it from test/corpus/open-divergences.ts ` +
              `(listed as ${deliberate}: ${DIVERGENCE_CLASSES[deliberate]})`,
          );
        }
      });
      continue;
    }
    it(name, async () => {
      const result = await checkScenario(scenario);
      if (result.differences.length > 0) expect.fail(describeDifference(scenario, result.differences));
    });
  }
});
