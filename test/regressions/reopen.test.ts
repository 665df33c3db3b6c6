// A stage whose last subscriber left released its upstream (so `finally` blocks ran). A later subscriber makes it
// go on where it was when it can, as a GenStage process that outlived its consumer would; a stage never replays
// what an earlier subscriber received, so one whose source was closed refuses with an error, never in silence.
import { describe, expect, it } from 'vitest';
import { from, merge, openSubscription, pipe, producer, producerConsumer, toArray } from '../../src/index.js';
import { filter, finalize, map } from '../../operators/index.js';
import { allowWarnings, MIXED_DEMANDS } from '../warnings.js';

async function takeFirst<T>(source: AsyncIterable<T>): Promise<T> {
  for await (const x of source) return x;
  throw new Error('empty');
}

describe('a new subscriber after the last one left', () => {
  it('of an operator over a producer gets what was pushed meanwhile', async () => {
    const source = producer<number>();
    const doubled = pipe(source, map((x: number) => 2 * x));
    source.push([1]);
    expect(await takeFirst(doubled)).toBe(2);
    source.push([2, 3]);
    source.end();
    expect(await toArray(doubled)).toEqual([4, 6]);
  });

  it('of a producerConsumer over a producer gets what was pushed meanwhile', async () => {
    const source = producer<number>();
    const stage = pipe(source, producerConsumer((xs: number[]) => xs.map((x) => x + 1), { maxDemand: 1, minDemand: 0 }));
    source.push([1]);
    expect(await takeFirst(stage)).toBe(2);
    source.push([5]);
    source.end();
    expect(await toArray(stage)).toEqual([6]);
  });

  it('of an operator over a failed producer gets its error, not a normal end', async () => {
    const source = producer<number>();
    const kept = pipe(source, filter((x: number) => x > 0));
    source.push([1]);
    expect(await takeFirst(kept)).toBe(1);
    const error = new Error('boom');
    source.fail(error);
    await expect(toArray(kept)).rejects.toBe(error);
  });

  it('of from(array) gets the items not taken yet', async () => {
    allowWarnings(MIXED_DEMANDS); // asks of 2, then of 1000, which GenStage warns about
    const items = from([1, 2, 3, 4]);
    const sub = openSubscription(items, { maxDemand: 2, minDemand: 0 });
    sub.ask(2);
    expect(await sub.next()).toEqual([1, 2]);
    await sub.cancel();
    expect(await toArray(items)).toEqual([3, 4]);
  });

  it('of a merge subscribes its sources anew; a finished one ends again at once', async () => {
    const a = producer<string>();
    const merged = merge(from(['x']), a);
    a.push(['a1']);
    const first = await toArray((async function* () {
      for await (const x of merged) {
        yield x;
        break;
      }
    })());
    expect(first).toHaveLength(1);
    a.push(['a2']);
    a.end();
    const rest = await toArray(merged);
    // What the merge held when it was released went with it; what a source still had comes, and nothing twice.
    expect(rest).toContain('a2');
    expect(rest).not.toContain(first[0]);
  });

  it('of a stage over a generator object gets an error: its source was closed and cannot go on', async () => {
    const source = from((function* () {
      for (let i = 1; ; i++) yield i;
    })());
    expect(await takeFirst(source)).toBe(1);
    await expect(toArray(source)).rejects.toThrow(/from .* was released when its last subscriber left and cannot go on/);
  });

  it('of finalize gets an error: its callback closed the run', async () => {
    let calls = 0;
    const stage = pipe(producer<number>(), finalize(() => void calls++));
    const sub = openSubscription(stage);
    await sub.cancel();
    expect(calls).toBe(1);
    await expect(toArray(stage)).rejects.toThrow(/finalize .* cannot go on/);
    expect(calls).toBe(1);
  });
});
