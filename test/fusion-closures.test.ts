// Fusion without code generation: the chain built from closures (compose.ts) gives what the generated loop
// gives, over random pipelines, with closures forced in this process (fusion-no-eval.test.ts runs them where
// `new Function` is refused).
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

});
