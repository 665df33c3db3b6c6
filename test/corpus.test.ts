// Differential test: replays real GenStage 1.3.2's recorded scenarios against genstage, step by step.
// The corpus lives beside the repository (../shared); GENSTAGE_CORPUS points at another file of the same format.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkScenario } from './corpus/check.js';
import { describeDifference, skipReason } from './corpus/compare.js';
import { OPEN_DIVERGENCES } from './corpus/open-divergences.js';
import { loadCorpus } from './corpus/scenario.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const path = process.env.GENSTAGE_CORPUS
  ? resolve(process.env.GENSTAGE_CORPUS)
  : resolve(root, '../shared/reference/genstage-corpus/shared.json');

// The scenarios give one producer's consumers different max demands on purpose; genstage then warns, as
// GenStage logs. Those warnings are expected here and would bury the diffs, so only they are held back.
const MAX_DEMAND_WARNING = /DemandDispatcher expects a maximum demand of/;
let warn: ReturnType<typeof vi.spyOn> | undefined;
beforeAll(() => {
  const original = console.warn.bind(console);
  warn = vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    if (!MAX_DEMAND_WARNING.test(String(args[0]))) original(...args);
  });
});
afterAll(() => warn?.mockRestore());

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
    if (OPEN_DIVERGENCES.has(scenario.id)) {
      it.skip(`${name} [open divergence, see test/corpus/open-divergences.ts]`, () => {});
      continue;
    }
    it(name, async () => {
      const result = await checkScenario(scenario);
      if (result.differences.length > 0) expect.fail(describeDifference(scenario, result.differences));
    });
  }
});
