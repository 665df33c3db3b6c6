// The batch demand protocol's promises, checked over random pipelines (fast-check):
// never more than the credit, never an empty batch, nothing lost or duplicated, order kept.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consume, from, openSubscription, pipe, producer, producerConsumer, type Source, type Stage } from '../src/index.js';

const demandArb = fc
  .integer({ min: 1, max: 40 })
  .chain((maxDemand) => fc.record({ maxDemand: fc.constant(maxDemand), minDemand: fc.integer({ min: 0, max: maxDemand - 1 }) }));

type SourceKind = 'array' | 'sync' | 'async' | 'producer';

function makeSource(kind: SourceKind, items: number[]): Source<number> {
  switch (kind) {
    case 'array':
      return from(items);
    case 'sync':
      return from((function* () { yield* items; })());
    case 'async':
      return from((async function* () {
        for (const x of items) yield x;
      })());
    case 'producer': {
      let next = 0;
      const stage = producer<number>({
        handleDemand(n) {
          const out = items.slice(next, next + n);
          next += out.length;
          if (next >= items.length) queueMicrotask(() => stage.end());
          return out;
        },
      });
      return stage;
    }
  }
}

interface Step {
  demand: { maxDemand: number; minDemand: number };
  op: 'double' | 'keepOdd' | 'duplicate';
  async: boolean;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  demand: demandArb,
  op: fc.constantFrom('double', 'keepOdd', 'duplicate'),
  async: fc.boolean(),
});

function model(items: number[], steps: Step[]): number[] {
  return steps.reduce((xs, step) => apply(step.op, xs), items);
}

function apply(op: Step['op'], xs: number[]): number[] {
  if (op === 'double') return xs.map((x) => x * 2);
  if (op === 'keepOdd') return xs.filter((x) => x % 2 === 1);
  return xs.flatMap((x) => [x, x]);
}

describe('the batch demand protocol', () => {
  // Skipped: open after the core rebuild (issue 13): see the closing note.
  it.skip('answers synchronously when events are buffered, never with an empty batch', async () => {
    const stage = producer<number>();
    stage.push([1, 2, 3, 4, 5]);
    const subscription = openSubscription(stage);
    // Nothing asked yet: nothing delivered, although the producer holds events.
    expect(stage.stats().buffered).toBe(5);
    subscription.ask(2);
    expect(subscription.next()).toEqual([1, 2]);
    subscription.ask(3);
    expect(subscription.next()).toEqual([3, 4, 5]);
    const pending = subscription.next();
    expect(pending).toBeInstanceOf(Promise);
    expect(() => subscription.next()).toThrow(/pending/);
    stage.end();
    expect(await pending).toBeNull();
  });

  it('random pipelines deliver exactly what the model predicts, in order, within every credit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<SourceKind>('array', 'sync', 'async', 'producer'),
        fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 120 }),
        fc.array(stepArb, { maxLength: 4 }),
        demandArb,
        async (kind, items, steps, consumerDemand) => {
          const chunkViolations: string[] = [];
          let stage: Stage<number> = makeSource(kind, items) as Stage<number>;
          for (const step of steps) {
            const chunk = step.demand.maxDemand - step.demand.minDemand;
            stage = pipe(
              stage,
              producerConsumer((xs: number[]) => {
                if (xs.length === 0 || xs.length > chunk) chunkViolations.push(`${xs.length} > ${chunk}`);
                const out = apply(step.op, xs);
                return step.async ? Promise.resolve(out) : out;
              }, step.demand),
            );
          }
          const received: number[] = [];
          const chunk = consumerDemand.maxDemand - consumerDemand.minDemand;
          await consume(stage, (xs) => {
            if (xs.length === 0 || xs.length > chunk) chunkViolations.push(`consumer ${xs.length} > ${chunk}`);
            received.push(...xs);
          }, consumerDemand);
          expect(chunkViolations).toEqual([]);
          expect(received).toEqual(model(items, steps));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a manual subscriber never receives more than it asked, whatever it asks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<SourceKind>('array', 'sync', 'async', 'producer'),
        fc.array(fc.integer(), { maxLength: 80 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 30 }),
        async (kind, items, asks) => {
          const subscription = openSubscription(makeSource(kind, items));
          const received: number[] = [];
          let credit = 0;
          for (let i = 0; ; i++) {
            const ask = asks[i % asks.length]! || 1;
            credit += ask;
            subscription.ask(ask);
            const batch = await subscription.next();
            if (batch === null) break;
            expect(batch.length).toBeGreaterThan(0);
            expect(batch.length).toBeLessThanOrEqual(credit);
            credit -= batch.length;
            received.push(...batch);
          }
          expect(received).toEqual(items);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('two consumers sharing one stage get every event exactly once between them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer(), { maxLength: 200 }), demandArb, demandArb, async (items, a, b) => {
        const stage = from(items);
        const seen: number[][] = [[], []];
        await Promise.all([
          consume(stage, (xs) => void seen[0]!.push(...xs), a),
          consume(stage, (xs) => void seen[1]!.push(...xs), b),
        ]);
        expect([...seen[0]!, ...seen[1]!].sort()).toEqual([...items].sort());
      }),
      { numRuns: 200 },
    );
  });
});
