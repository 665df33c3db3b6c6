// The soak run (issue 9), not a unit test: `npm run soak` (50 M events, 10 000 pipelines) or
// `npm run soak -- --quick` (5 M events, 1 000 pipelines).
//
// 1. Events through a 4-stage pipeline whose consumer is slower than its producer:
//    from(generator) → producerConsumer → producerConsumer → consume (or consumerSupervisor, with --supervisor).
//    Back-pressure must hold memory flat: the peak RSS sampled over the first tenth of the run and over the
//    last tenth are printed side by side, with a checksum proving every event arrived exactly once.
// 2. Pipelines started and stopped in a loop (start() + stop(), graceful and not): heap used after a GC and
//    process.getActiveResourcesInfo().length, before and after, must not grow; every generator must be closed.
import v8 from 'node:v8';
import vm from 'node:vm';
import { setTimeout as sleep } from 'node:timers/promises';
import { consume, consumerSupervisor, from, pipe, producerConsumer, start, type Stage } from '../src/index.js';

const quick = process.argv.includes('--quick');
const withSupervisor = process.argv.includes('--supervisor');
const EVENTS = quick ? 5_000_000 : 50_000_000;
const PIPELINES = quick ? 1_000 : 10_000;
const MB = 1024 * 1024;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function* numbers(count: number): Generator<number> {
  for (let i = 0; i < count; i++) yield i;
}

/** from → 2 producerConsumers → (consumerSupervisor): each event x becomes 2x + 1. */
function pipeline(count: number): Stage<number> {
  const doubled = pipe(
    from(numbers(count)),
    producerConsumer((xs: number[]) => xs.map((x) => x * 2)),
    producerConsumer((xs: number[]) => xs.map((x) => x + 1)),
  );
  return withSupervisor ? pipe(doubled, consumerSupervisor(8, (x: number) => x)) : doubled;
}

/**
 * Memory sampled as the run goes: the peak RSS and heap used of each tenth of the run, and the heap still live
 * after a full GC at the start of each tenth (what a leak would make grow).
 */
class MemorySampler {
  readonly rss: number[] = new Array(10).fill(0);
  readonly heap: number[] = new Array(10).fill(0);
  readonly live: number[] = [];

  sample(progress: number): void {
    const tenth = Math.min(9, Math.floor(progress * 10));
    if (this.live.length === tenth) {
      gc();
      this.live.push(process.memoryUsage().heapUsed);
    }
    const { rss, heapUsed } = process.memoryUsage();
    this.rss[tenth] = Math.max(this.rss[tenth]!, rss);
    this.heap[tenth] = Math.max(this.heap[tenth]!, heapUsed);
  }
}

async function soakEvents(): Promise<void> {
  const memory = new MemorySampler();
  let seen = 0;
  let checksum = 0;
  let batches = 0;
  const started = performance.now();
  // A slower consumer: per-event work, and one macrotask per batch of 50 (an await on I/O, say).
  const slow = async (xs: number[]) => {
    for (let i = 0; i < xs.length; i++) checksum = (checksum + xs[i]! * 7) % 1_000_000_007;
    seen += xs.length;
    if (++batches % 256 === 0) memory.sample(seen / EVENTS);
    await new Promise((resolve) => setImmediate(resolve));
  };
  await consume(pipeline(EVENTS), slow, { maxDemand: 100 });
  const seconds = (performance.now() - started) / 1000;
  const expected = expectedChecksum(EVENTS);
  const [first, last] = [memory.rss[0]!, memory.rss[9]!];
  const [live0, live9] = [memory.live[0]!, memory.live.at(-1)!];
  const supervisor = withSupervisor ? 'consumerSupervisor → ' : '';
  const exact = seen === EVENTS && checksum === expected ? 'yes' : 'NO';
  console.log(`1. ${(EVENTS / 1e6).toFixed(0)} M events, from → producerConsumer × 2 → ${supervisor}a slow consume`);
  console.log(`   ${seconds.toFixed(1)} s, ${(EVENTS / seconds / 1e6).toFixed(2)} M events/s; every event once: ${exact}`);
  console.log(`   peak RSS: first tenth ${mb(first, 1)}, last tenth ${mb(last, 1)} (${delta(first, last)})`);
  console.log(`   live heap after GC: first tenth ${mb(live0, 2)}, last tenth ${mb(live9, 2)} (${delta(live0, live9)})`);
  console.log(`   peak RSS by tenth (MB):       ${megabytes(memory.rss)}`);
  console.log(`   peak heap used by tenth (MB): ${megabytes(memory.heap)}`);
  console.log(`   live heap after GC (MB):      ${megabytes(memory.live, 1)}`);
}

function expectedChecksum(count: number): number {
  let checksum = 0;
  for (let i = 0; i < count; i++) checksum = (checksum + (2 * i + 1) * 7) % 1_000_000_007;
  return checksum;
}

async function startStopLoop(): Promise<void> {
  let closed = 0;
  async function* endless() {
    try {
      for (let i = 0; ; i++) {
        if (i % 16 === 0) await null;
        yield i;
      }
    } finally {
      closed++;
    }
  }
  const once = async (i: number) => {
    const stage = pipe(
      from(endless()),
      producerConsumer((xs: number[]) => xs.map((x) => x + 1), { maxDemand: 8 }),
      consumerSupervisor(4, (x: number, { signal }) => (x % 5 === 0 ? sleep(0, x, { signal }) : x)),
    );
    const running = start(stage);
    await sleep(0);
    await running.stop({ drain: i % 2 === 0 });
    await running.done;
  };
  // A warm-up, so that compiled code and lazily made module state are not counted as growth.
  for (let i = 0; i < 100; i++) await once(i);
  const before = await measure();
  for (let i = 0; i < PIPELINES; i++) await once(i);
  const after = await measure();
  console.log(`2. ${PIPELINES.toLocaleString('en')} pipelines started and stopped (from → producerConsumer → consumerSupervisor)`);
  console.log(`   heap used after GC: ${mb(before.heap, 2)} → ${mb(after.heap, 2)} (${delta(before.heap, after.heap)})`);
  console.log(`   active resources: ${before.resources.length} [${before.resources}] → ${after.resources.length} [${after.resources}]`);
  console.log(`   generators closed: ${closed} of ${PIPELINES + 100}`);
}

/** Heap used after a full GC, and the active timers and handles, once what is settling settled. */
async function measure(): Promise<{ heap: number; resources: string[] }> {
  await sleep(10);
  gc();
  gc();
  return { heap: process.memoryUsage().heapUsed, resources: process.getActiveResourcesInfo() };
}

function megabytes(values: readonly number[], digits = 0): string {
  return values.map((v) => (v / MB).toFixed(digits).padStart(3 + digits)).join(' ');
}

function mb(bytes: number, digits: number): string {
  return `${(bytes / MB).toFixed(digits)} MB`;
}

function delta(before: number, after: number): string {
  const d = (after - before) / MB;
  return `${d >= 0 ? '+' : ''}${d.toFixed(2)} MB`;
}

console.log(`genstage soak${quick ? ' (quick)' : ''}, Node ${process.version}`);
await soakEvents();
await startStopLoop();
