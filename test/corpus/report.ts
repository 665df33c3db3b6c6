// Prints where genstage and GenStage part ways, one scenario a paragraph, with pass/fail/skip counts:
//   npx tsx test/corpus/report.ts [corpus.json]
// (default: GENSTAGE_CORPUS, else ../shared/reference/genstage-corpus/shared.json beside the repository).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkScenario } from './check.js';
import { describeDifference } from './compare.js';
import { loadCorpus } from './scenario.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const path = resolve(
  process.argv[2] ?? process.env.GENSTAGE_CORPUS ?? resolve(root, '../shared/reference/genstage-corpus/shared.json'),
);

async function main(): Promise<void> {
  const corpus = loadCorpus(path);
  // Expected warnings (different max demands on one producer) would bury the report.
  console.warn = () => {};
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const scenario of corpus.scenarios) {
    const result = await checkScenario(scenario);
    if (result.skipped !== undefined) counts.skipped++;
    else if (result.differences.length === 0) counts.passed++;
    else {
      counts.failed++;
      console.log(describeDifference(scenario, result.differences) + '\n');
    }
  }
  console.log(`${path}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
}

await main();
