// One case at a fixed size in a fresh process, for deterministic comparisons by instruction count (wall time on
// a shared machine moves by a third): `node bench/.build/count.js <module> '<contender id>' <scenario> <runs>`,
// run under `valgrind --tool=callgrind node --single-threaded …` (see README.md). Prints each run's ms.
import { loadLibrary, LIBRARY_MODULES, type LibraryModule } from './libraries/index.js';
import { SCENARIOS } from './scenarios/index.js';
import type { Implementations, ScenarioId } from './types.js';

const [module, id, scenario, runs = '2'] = process.argv.slice(2) as [LibraryModule, string, ScenarioId, string?];
if (!LIBRARY_MODULES.includes(module) || SCENARIOS[scenario] === undefined) {
  throw new Error(`usage: node bench/.build/count.js <${LIBRARY_MODULES.join('|')}> '<contender id>' <S1..S6> <runs>`);
}
const contender = (await loadLibrary(module)).find((c) => c.id === id);
const impl = contender?.[scenario];
if (impl === undefined || 'na' in impl) throw new Error(`${module} has no ${id} for ${scenario}`);
// One scenario's prepare and run, as worker.ts does: typed for any scenario.
const prepared = (SCENARIOS[scenario] as unknown as (typeof SCENARIOS)['S1']).prepare({ contender: id, scenario, mode: 'full', reps: 0, warmUpMs: 0, budgetMs: 0, softDeadlineMs: 1e9 });
const times: string[] = [];
for (let i = 0; i < Number(runs); i++) {
  const outcome = await prepared.run(impl as Implementations['S1']);
  if (!outcome.ok) throw new Error(outcome.reason);
  times.push(outcome.ms.toFixed(1));
}
console.log(times.join(' '));
