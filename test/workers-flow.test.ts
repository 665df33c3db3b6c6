// genstage/workers: events across threads, per-worker demand, order, transfer, stats, diagrams and traces.
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  consumerSupervisor,
  from,
  merge,
  openSubscription,
  parallel,
  pipe,
  pipelineStats,
  start,
  toArray,
  toMermaid,
  type TraceEvent,
} from '../src/index.js';
import { liveWorkerThreads, workers, type WorkersStats } from '../src/workers/index.js';
import { range } from './helpers.js';
import { parseMermaid } from './mermaid-parser.js';

const fixture = (name: string) => new URL(`./workers/${name}`, import.meta.url);

interface Record {
  x: number;
  thread: number;
  size: number;
  peak: number;
}

afterEach(() => {
  expect(liveWorkerThreads()).toBe(0);
});

describe('workers()', () => {
  test('every event reaches exactly one worker and comes back once (TypeScript module, 3 threads)', async () => {
    const events = range(1, 3000);
    const out = await toArray(pipe(from(events), workers<number, number>(3, fixture('double.ts'), { maxDemand: 50 })));
    expect(out.sort((a, b) => a - b)).toEqual(events.map((x) => x * 2));
  });

  test('a plain JavaScript module, by absolute path', async () => {
    const out = await toArray(pipe([1, 2, 3], workers<number, number>(1, fixture('double.mjs').pathname)));
    expect(out).toEqual([2, 4, 6]);
  });

  test('messages a module posts on its own port are not taken for results', async () => {
    const out = await toArray(pipe(range(1, 20), workers<number, number>(2, fixture('chatty.mjs'), { maxDemand: 4, ordered: true })));
    expect(out).toEqual(range(2, 21));
  });

  test('each worker holds at most maxDemand events and gets batches of at most maxDemand - minDemand', async () => {
    const maxDemand = 12;
    const minDemand = 4;
    const stage = pipe(from(range(0, 599)), workers<number, Record>(2, fixture('record.mjs'), { maxDemand, minDemand }));
    const out = await toArray(stage);
    expect(out.map((r) => r.x).sort((a, b) => a - b)).toEqual(range(0, 599));
    for (const r of out) {
      expect(r.size).toBeLessThanOrEqual(maxDemand - minDemand);
      expect(r.peak).toBeLessThanOrEqual(maxDemand);
    }
    // Both threads took a share, and the stats agree with what the threads saw.
    const threads = new Set(out.map((r) => r.thread));
    expect(threads.size).toBe(2);
    const stats = (stage as unknown as { stats(): WorkersStats }).stats();
    expect(stats.workers.map((w) => w.handled).reduce((a, b) => a + b)).toBe(600);
    for (const [i, w] of stats.workers.entries()) {
      expect(w.inFlight).toBe(0);
      expect(w.name).toBe(`${stats.name}#${i + 1}`);
    }
    expect(stats).toMatchObject({ kind: 'workers', received: 600, emitted: 600, inFlight: 0 });
  });

  test('ordered: true emits results in input order although batches finish out of order', async () => {
    const events = range(0, 299);
    const options = { maxDemand: 6, minDemand: 3, ordered: true };
    const out = await toArray(pipe(from(events), workers<number, Record>(3, fixture('record.mjs'), options)));
    expect(out.map((r) => r.x)).toEqual(events);
    expect(new Set(out.map((r) => r.thread)).size).toBe(3);
  });

  test('a slow worker gets less: events go where there is credit', async () => {
    const handledBy = await toArray(pipe(range(1, 400), workers<number, number>(2, fixture('uneven.mjs'), { maxDemand: 4, minDemand: 2 })));
    expect(handledBy).toHaveLength(400);
    const slow = handledBy.filter((id) => id % 2 === 0).length;
    expect(slow).toBeGreaterThan(0);
    expect(slow).toBeLessThan(400 - slow);
  });

  test('a stalled consumer stalls the workers: results waiting for it hold their credit', async () => {
    let pulled = 0;
    function* source() {
      for (let i = 0; i < 200; i++) {
        pulled++;
        yield i;
      }
    }
    const stage = pipe(from(source()), workers<number, number>(2, fixture('double.mjs'), { maxDemand: 10, minDemand: 5 }));
    const stats = () => (stage as unknown as { stats(): WorkersStats }).stats();
    const subscription = openSubscription(stage);
    subscription.ask(1);
    expect(await subscription.next()).toHaveLength(1);
    // No result after the first reached the consumer, so no worker got credit back: the stage took from
    // upstream exactly what the workers were first credited, 2 × maxDemand, and the rest waits in the buffer.
    await vi.waitFor(() => expect(stats()).toMatchObject({ inFlight: 0, buffered: 19 }));
    const stalled = stats();
    expect(stalled.received).toBe(20);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pulled).toBe(stalled.received);
    expect(stats()).toMatchObject({ received: stalled.received, buffered: stalled.buffered, inFlight: 0 });
    // Demand back, one event at a time (the dispatcher wants every ask the same size): the rest flows.
    let total = 1;
    for (;;) {
      subscription.ask(1);
      const batch = await subscription.next();
      if (batch === null) break;
      total += batch.length;
    }
    expect(total).toBe(200);
  });

  test('transfer: true moves ArrayBuffers both ways; by default they are copied', async () => {
    const make = () => range(0, 9).map((id) => ({ id, bytes: new Uint8Array(64).fill(id + 1).buffer }));
    type Out = { id: number; size: number; sum: Uint8Array };
    const copied = make();
    const a = await toArray(pipe(copied, workers<(typeof copied)[number], Out>(2, fixture('buffers.mjs'))));
    expect(copied.every((e) => e.bytes.byteLength === 64)).toBe(true);
    const moved = make();
    const b = await toArray(pipe(moved, workers<(typeof moved)[number], Out>(2, fixture('buffers.mjs'), { transfer: true })));
    expect(moved.every((e) => e.bytes.byteLength === 0)).toBe(true);
    for (const out of [a, b]) {
      const sums = out.sort((x, y) => x.id - y.id).map((r) => new DataView(r.sum.buffer).getUint32(0));
      expect(sums).toEqual(range(0, 9).map((id) => 64 * (id + 1)));
      expect(out.every((r) => r.size === 64)).toBe(true);
    }
  });

  test('toMermaid draws the n workers, each fed with its demand; pipelineStats lists them', async () => {
    const stage = pipe(from([1]), workers<number, number>(3, fixture('double.mjs'), { name: 'hash', maxDemand: 10 }));
    const diagram = toMermaid(stage);
    for (const i of [1, 2, 3]) expect(diagram).toContain(`["hash#${i}<br/>worker"]`);
    expect(diagram).toContain('["hash<br/>workers"]');
    expect(diagram.match(/-->\|"maxDemand 10, minDemand 5"\|/g)).toHaveLength(3);
    expect(await parseMermaid(diagram)).toBe('flowchart-v2');
    expect(pipelineStats(stage).map((s) => `${s.name} ${s.kind}`)).toEqual([
      expect.stringMatching(/ from$/),
      'hash#1 worker',
      'hash#2 worker',
      'hash#3 worker',
      'hash workers',
    ]);
  });

  test('traces: the stage and each worker report their events and their end', async () => {
    const traces: TraceEvent[] = [];
    const stage = pipe(range(1, 40), workers<number, number>(2, fixture('double.mjs'), { name: 'w', maxDemand: 4 }));
    await start(stage, { trace: (e) => traces.push(e) }).done;
    const returned = traces.filter((e) => e.type === 'events' && e.kind === 'worker');
    expect(returned.reduce((n, e) => n + (e.type === 'events' ? e.count : 0), 0)).toBe(40);
    expect(new Set(returned.map((e) => e.stage))).toEqual(new Set(['w#1', 'w#2']));
    const done = traces.filter((e) => e.type === 'done').map((e) => e.stage);
    expect(done).toEqual(expect.arrayContaining(['w#1', 'w#2', 'w']));
    expect(traces.some((e) => e.type === 'demand' && e.stage === 'w')).toBe(true);
  });

  test('composes: before a consumerSupervisor, inside parallel, and two workers stages merged', async () => {
    const supervised = pipe(
      from(range(1, 100)),
      workers<number, number>(2, fixture('double.mjs'), { maxDemand: 10 }),
      consumerSupervisor(4, async (x: number) => x + 1),
    );
    expect((await toArray(supervised)).sort((a, b) => a - b)).toEqual(range(1, 100).map((x) => 2 * x + 1));
    const copies = pipe(from(range(1, 60)), parallel(2, workers<number, number>(1, fixture('double.mjs'), { maxDemand: 10 })));
    expect((await toArray(copies)).sort((a, b) => a - b)).toEqual(range(1, 60).map((x) => 2 * x));
    const left = pipe(range(1, 50), workers<number, number>(1, fixture('double.mjs')));
    const right = pipe(range(51, 100), workers<number, number>(1, fixture('double.ts')));
    expect((await toArray(merge(left, right))).sort((a, b) => a - b)).toEqual(range(1, 100).map((x) => 2 * x));
  });
});
