// Run by npm run test:browser on a page whose Content Security Policy has no 'unsafe-eval' (see
// vitest.browser.config.ts): code generation is refused there, and fused operators still work.
import { describe, expect, it } from 'vitest';
import { filter, map, scan, take } from '../../operators/index.js';
import { pipe, toArray } from '../../src/index.js';

describe('under a Content Security Policy without unsafe-eval', () => {
  it('refuses code generation from strings', () => {
    expect(() => new Function('return 1')).toThrow(EvalError);
  });

  it('runs fused map, filter, take, scan and an async map', async () => {
    const stage = pipe(
      [1, 2, 3, 4, 5, 6, 7, 8],
      map((x: number) => x * 10),
      filter((x) => x % 20 === 0),
      map(async (x) => x + 1),
      scan((sum: number, x: number) => sum + x, 0),
      take(3),
    );
    expect(stage.kind).toBe('map+filter+map+scan+take'); // one fused stage
    expect(await toArray(stage)).toEqual([21, 62, 123]);
  });
});
