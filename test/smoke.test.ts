import { describe, expect, it } from 'vitest';
import { from, pipe, producerConsumer, toArray } from '../src/index.js';

describe('a first pipeline', () => {
  it('maps batches through a producerConsumer', async () => {
    const doubled = pipe(from([1, 2, 3]), producerConsumer((xs: number[]) => xs.map((x) => x * 2)));
    expect(await toArray(doubled)).toEqual([2, 4, 6]);
  });
});
