// Bound (DESIGN §4b.4): what a stage holds never exceeds its own maxDemand plus its bufferSize, also after
// subscribers leave: the demand of a subscriber that left is withdrawn, not kept asking. Lossy buffers use
// constant memory however many events they drop. Each case runs in its own process: a stage that keeps
// asking for a departed consumer over an endless synchronous source pulls forever without yielding, which
// would stop this process's own timers too (the test kills the probe at its deadline instead); and the heap
// is measured in a fresh process with --expose-gc, after full collections.
import { describe, expect, it } from 'vitest';
import type { StageStats } from '../../src/index.js';
import { runIsolated } from './isolated.js';
import { kinds, sources } from './probes/bounds-kinds.js';
import { EVENTS, kinds as lossyBuffers } from './probes/memory-kinds.js';

const MAX_DEMAND = 1000; // every stage's default
// What a stage may hold beyond what it delivered: its maxDemand asked ahead, plus one message's output beyond
// its subscribers' demand (GenStage's producer_consumer checks demand between messages).
const AHEAD = 2 * MAX_DEMAND;

interface Snapshot {
  pulled: number;
  written: number;
  stats: StageStats[];
}
interface BoundsResult {
  taken?: number;
  early?: Snapshot;
  later?: Snapshot;
  error?: string;
}

describe('a consumer that leaves with unmet demand takes its demand with it', () => {
  for (const source of sources) {
    for (const kind of Object.keys(kinds)) {
      it(`${kind} over ${source}: the consumer that stays gets 10 and the stage stays bounded`, async () => {
        const run = await runIsolated<BoundsResult>('bounds', [source, kind], { budgetMs: 1000 });
        const result = run.result;
        expect(result, `the probe did not finish within 1 s: the stage kept pulling\n${run.stderr}`).toBeDefined();
        expect(result!.error).toBeUndefined();
        expect(result!.taken).toBe(10);
        const { early, later } = result as Required<BoundsResult>;
        const stage = early.stats.at(-1)!;
        // In upstream events: each event a batch stage emits is 10 of them.
        const held = stage.received - (kind === 'batch' ? 10 : 1) * stage.emitted;
        const what = `${stage.name} took ${stage.received} and delivered ${stage.emitted}: it holds`;
        expect(held, what).toBeLessThanOrEqual(AHEAD);
        expect(stage.buffered, `${stage.name} buffered`).toBeLessThanOrEqual(AHEAD);
        const producer = early.stats.find((stats) => stats.kind === 'producer');
        if (producer) expect(producer.buffered, 'the producer holds').toBeLessThanOrEqual(5000);
        expect(early.pulled - stage.received, 'pulled from the generator, not taken').toBeLessThanOrEqual(MAX_DEMAND);
        // Nobody asks any more: nothing moves.
        expect(later.pulled).toBe(early.pulled);
        expect(later.written).toBe(early.written);
        expect(later.stats.map((s) => s.received)).toEqual(early.stats.map((s) => s.received));
      }, 8000);
    }
  }
});

// A lossy buffer that leaks keeps about 10 bytes per dropped event (5 MB for 500,000); one that keeps only
// its 1,000 events grows the live heap by about 0.1 MB here. 1 MB separates the two with room on both sides.
const MAX_GROWTH_MB = 1;

describe(`a lossy buffer of 1,000 flooded with ${EVENTS.toLocaleString('en')} events uses constant memory`, () => {
  for (const kind of Object.keys(lossyBuffers)) {
    it(kind, async () => {
      const run = await runIsolated<{ growthMB?: number; buffered?: number; error?: string }>('memory', [kind], {
        budgetMs: 6000,
        gc: true,
      });
      expect(run.result, `the probe did not finish\n${run.stderr}`).toBeDefined();
      expect(run.result!.error).toBeUndefined();
      expect(run.result!.buffered).toBe(1000);
      const growth = run.result!.growthMB!;
      expect(growth, `the live heap grew by ${growth.toFixed(1)} MB`).toBeLessThan(MAX_GROWTH_MB);
    }, 10_000);
  }
});
