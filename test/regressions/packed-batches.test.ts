// Batches reach handlers as packed arrays. An array made with `new Array(n)` stays "holey" for the engine even once
// every slot is filled; a handler that sees holey batches beside packed ones (from arrays, from its own map) reads
// every element through a slower path: the merge bench's consumer ran several times slower for it. Nothing in
// JavaScript itself tells the two apart, so the engine is asked. (A synchronous iterator's pull fills a preallocated
// array, holey, on purpose: growing one by push cost a tenth of S4's speed; such a source's batches are all alike.)
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { consume, from, merge, pipe, producer, producerConsumer } from '../../src/index.js';

setFlagsFromString('--allow-natives-syntax');
// Compiled after the flag is set; the engine's own test of an array's elements kind.
const isHoley = new Function('array', 'return %HasHoleyElements(array)') as (array: readonly unknown[]) => boolean;

async function holeyBatches<T>(source: Parameters<typeof consume<T>>[0], options?: { maxDemand: number; minDemand: number }): Promise<number> {
  let holey = 0;
  let batches = 0;
  await consume(
    source,
    (xs) => {
      batches++;
      if (isHoley(xs)) holey++;
    },
    options,
  );
  expect(batches).toBeGreaterThan(0);
  return holey;
}

function naturals(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}

describe('batches are packed arrays', () => {
  it('the engine check itself tells a holey array from a packed one', () => {
    const holey = new Array<number>(2);
    holey[0] = 1;
    holey[1] = 2;
    expect(isHoley(holey)).toBe(true);
    expect(isHoley([1, 2])).toBe(false);
  });

  it('from a producer whose bounded buffer held them', async () => {
    const p = producer<number>({ bufferSize: 10_000 });
    for (let i = 0; i < 10; i++) p.push(Array.from({ length: 300 }, (_, k) => i * 300 + k));
    p.end();
    expect(await holeyBatches(p, { maxDemand: 70, minDemand: 0 })).toBe(0);
  });

  it('through a stage whose unbounded buffer gathers them across batches', async () => {
    // The producerConsumer emits 1,000 events per call; its consumer takes 70 at a time, so most batches are cut
    // from what the stage buffered, across the batches it emitted.
    const doubled = pipe(
      from(naturals(5_000)),
      producerConsumer((xs: number[]) => xs.concat(xs)),
    );
    expect(await holeyBatches(doubled, { maxDemand: 70, minDemand: 0 })).toBe(0);
  });

  it('through merge', async () => {
    const sources = [0, 1, 2, 3].map((k) => from(naturals(2_500 + k)));
    expect(await holeyBatches(merge(...sources), { maxDemand: 300, minDemand: 100 })).toBe(0);
  });
});
