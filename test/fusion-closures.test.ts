// Fusion without code generation: the chain built from closures (compose.ts) gives what the generated loop
// gives, over random pipelines, in this process (closures forced) and in a child process where `new Function`
// is refused, as under a Content Security Policy without 'unsafe-eval'.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { forceClosures } from '../operators/compile.js';
import { filter, map, scan, take } from '../operators/index.js';
import { pipe, toArray } from '../src/index.js';
import { arbitraryCase, model, runCase, type Case, type Outcome } from './fusion-cases.js';

afterEach(() => forceClosures(false));

async function bothWays(c: Case): Promise<[Outcome, Outcome]> {
  forceClosures(false);
  const generated = await runCase(c);
  forceClosures(true);
  const composed = await runCase(c);
  forceClosures(false);
  return [generated, composed];
}

function runWithoutEval(cases: Case[]): Promise<{ evalRefused: boolean; outcomes: Outcome[] }> {
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const script = new URL('./fixtures/no-eval.ts', import.meta.url).pathname;
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--disallow-code-generation-from-strings', '--import', tsx, script],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout))),
    );
    child.stdin!.end(JSON.stringify(cases));
  });
}

describe('fusion by composed closures', () => {
  it('gives the same events and errors as the generated loop, and as plain arrays', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryCase, async (c) => {
        const [generated, composed] = await bothWays(c);
        expect(composed).toEqual(generated);
        const expected = model(c);
        if (expected !== null) expect(generated).toEqual({ events: expected });
      }),
      { numRuns: 300 },
    );
  });

  it('runs map, filter, take, scan and an async map with closures forced', async () => {
    forceClosures(true);
    const stage = pipe(
      [1, 2, 3, 4, 5, 6, 7, 8],
      map((x: number) => x * 10),
      filter((x) => x % 20 === 0),
      map(async (x) => x + 1),
      scan((sum: number, x: number) => sum + x, 0),
      take(3),
    );
    expect(await toArray(stage)).toEqual([21, 62, 123]);
  });

  it('runs the same cases where code generation from strings is refused', async () => {
    const cases = fc.sample(arbitraryCase, 200);
    const { evalRefused, outcomes } = await runWithoutEval(cases);
    expect(evalRefused).toBe(true);
    for (const [i, c] of cases.entries()) {
      const [generated] = await bothWays(c);
      expect({ case: c, outcome: outcomes[i] }).toEqual({ case: c, outcome: generated });
    }
  }, 30_000);
});
