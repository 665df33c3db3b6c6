// The producer buffer: GenStage.Buffer's rules (semantics §2.5, checklist 23–30 and 125–128).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { consume, openSubscription, producer, toArray } from '../src/index.js';
import { RingBuffer as Buffer } from '../src/protocol/ring-buffer.js';
import { allowWarnings, MIXED_DEMANDS } from './warnings.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Buffer', () => {
  it("'first' on a full buffer keeps the oldest and counts the new ones as excess", () => {
    const buffer = new Buffer<string>(3, 'first');
    expect(buffer.push(['a', 'b', 'c'])).toBe(0);
    expect(buffer.push(['d', 'e', 'f'])).toBe(3);
    expect(buffer.take(10)).toEqual(['a', 'b', 'c']);
  });

  it("'last' on a full buffer drops the oldest, one per new event", () => {
    const buffer = new Buffer<string>(3, 'last');
    buffer.push(['a', 'b', 'c']);
    expect(buffer.push(['d', 'e', 'f'])).toBe(3);
    expect(buffer.take(10)).toEqual(['d', 'e', 'f']);
    buffer.push(['a', 'b']);
    expect(buffer.push(['c', 'd'])).toBe(1);
    expect(buffer.take(10)).toEqual(['b', 'c', 'd']);
  });

  it('Infinity keeps everything', () => {
    const buffer = new Buffer<number>(Infinity, 'last');
    expect(buffer.push(Array.from({ length: 1000 }, (_, i) => i))).toBe(0);
    expect(buffer.length).toBe(1000);
  });

  it('takes oldest first, in pieces', () => {
    const buffer = new Buffer<number>(10, 'last');
    buffer.push([1, 2, 3, 4, 5]);
    expect(buffer.take(2)).toEqual([1, 2]);
    expect(buffer.take(2)).toEqual([3, 4]);
    expect(buffer.length).toBe(1);
  });

  it('write() waits for room and loses nothing', async () => {
    const buffer = new Buffer<number>(2, 'last');
    expect(buffer.write([1, 2])).toBeUndefined();
    let resolved = false;
    const waiting = buffer.write([3, 4, 5])!.then(() => (resolved = true));
    expect(buffer.waiting).toBe(3);
    expect(buffer.take(1)).toEqual([1]);
    buffer.admit(); // the stage lets writers in once what it took found its place
    await Promise.resolve();
    expect(resolved).toBe(false);
    // The writers' line is the buffer's tail: a take goes on into it, and its writer resolves once admitted.
    expect(buffer.take(10)).toEqual([2, 3, 4, 5]);
    await Promise.resolve();
    expect(resolved).toBe(false);
    buffer.admit();
    await waiting;
    expect(resolved).toBe(true);
  });
});

describe('producer buffer', () => {
  it('serves buffered events first, then calls handleDemand for the rest (checklist 23)', async () => {
    const demands: number[] = [];
    let next = 0;
    const stage = producer<string | number>({
      handleDemand(n) {
        demands.push(n);
        return Array.from({ length: n }, () => next++);
      },
    });
    stage.push(['a', 'b', 'c', 'd', 'e']);
    const batches: (string | number)[][] = [];
    const controller = new AbortController();
    const done = consume(
      stage,
      (events) => {
        batches.push(events);
        if (batches.length === 4) controller.abort();
      },
      { maxDemand: 4, minDemand: 0, signal: controller.signal },
    );
    await expect(done).rejects.toBeDefined();
    // The buffer's events and handleDemand's come in separate batches, as in GenStage.
    expect(batches).toEqual([['a', 'b', 'c', 'd'], ['e'], [0, 1, 2], [3, 4, 5, 6]]);
    expect(demands).toEqual([3, 4]);
  });

  it("bufferSize 5, bufferKeep 'first' keeps a..e and reports 3 discarded (checklist 24)", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const stage = producer<string>({ name: 'pages', bufferSize: 5, bufferKeep: 'first' });
    stage.push(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(stage.stats()).toMatchObject({ buffered: 5, discarded: 3 });
    await Promise.resolve();
    expect(warn).toHaveBeenCalledWith('genstage producer pages has discarded 3 events from buffer');
    stage.end();
    expect(await toArray(stage)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it("bufferSize 5 with the default 'last' keeps d..h (checklist 25)", async () => {
    const discards: number[] = [];
    const stage = producer<string>({ bufferSize: 5, onDiscard: (count) => void discards.push(count) });
    stage.push(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    stage.end();
    expect(await toArray(stage)).toEqual(['d', 'e', 'f', 'g', 'h']);
    expect(discards).toEqual([3]);
  });

  it('reports once per push', async () => {
    const discards: number[] = [];
    const stage = producer<number>({ bufferSize: 1, onDiscard: (count) => void discards.push(count) });
    stage.push([1, 2, 3]);
    stage.push([4, 5]);
    await Promise.resolve();
    expect(discards).toEqual([2, 2]);
  });

  it('Infinity keeps everything and reports nothing (checklist 26)', async () => {
    const onDiscard = vi.fn();
    const stage = producer<number>({ bufferSize: Infinity, onDiscard });
    stage.push(Array.from({ length: 20_000 }, (_, i) => i));
    stage.end();
    expect((await toArray(stage)).length).toBe(20_000);
    expect(onDiscard).not.toHaveBeenCalled();
  });

  it('stats().buffered counts buffered events, down to 0 once drained (checklist 30)', async () => {
    const stage = producer<number>();
    stage.push([1, 2, 3, 4, 5]);
    expect(stage.stats().buffered).toBe(5);
    stage.push([6, 7, 8]);
    expect(stage.stats().buffered).toBe(8);
    const subscription = openSubscription(stage);
    subscription.ask(8);
    expect(subscription.next()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(stage.stats().buffered).toBe(0);
    await subscription.cancel();
  });

  it('write() never loses an event and waits while the buffer is full', async () => {
    allowWarnings(MIXED_DEMANDS); // asks of different sizes on one producer, which GenStage warns about
    const stage = producer<number>({ bufferSize: 2 });
    const writes = [stage.write([1, 2, 3]), stage.write([4, 5])];
    let settled = 0;
    writes.forEach((w) => w.then(() => settled++));
    await Promise.resolve();
    expect(settled).toBe(0);
    expect(stage.stats().buffered).toBe(2);
    const subscription = openSubscription(stage);
    subscription.ask(1);
    expect(subscription.next()).toEqual([1]);
    await writes[0];
    subscription.ask(10);
    // What waits in write() calls is served with the buffer, in one batch.
    expect(subscription.next()).toEqual([2, 3, 4, 5]);
    await Promise.all(writes);
    stage.end();
    expect(await subscription.next()).toBeNull();
  });

  it('write() resolves at once when the events are delivered or fit', async () => {
    const stage = producer<number>({ bufferSize: 0 });
    const subscription = openSubscription(stage);
    subscription.ask(2);
    await stage.write([1, 2]);
    expect(subscription.next()).toEqual([1, 2]);
    await subscription.cancel();
  });
});
