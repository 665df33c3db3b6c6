// Random fused pipelines described as plain data, so that the same case can run in this process (generated
// loop or closures) and in a child process where code generation is refused, and be compared with a plain
// array model. Shared by test/fusion-closures.test.ts and test/fixtures/no-eval.ts.
import fc from 'fast-check';
import {
  distinctUntilChanged,
  filter,
  map,
  pairwise,
  scan,
  setFusion,
  skip,
  skipWhile,
  take,
  takeWhile,
  tap,
} from '../operators/index.js';
import { consume, from, pipe, type Operator } from '../src/index.js';

export type Step =
  | { op: 'map'; k: number }
  | { op: 'mapAsync'; k: number }
  | { op: 'mapThrow'; at: number }
  | { op: 'filter'; m: number }
  | { op: 'tap' }
  | { op: 'scan' }
  | { op: 'take'; n: number }
  | { op: 'takeWhile'; below: number; inclusive: boolean }
  | { op: 'skip'; n: number }
  | { op: 'skipWhile'; below: number }
  | { op: 'distinct' }
  | { op: 'pairwise' };

export interface Case {
  input: number[];
  steps: Step[];
  fusion: boolean;
  maxDemand: number;
}

export interface Outcome {
  events: unknown[];
  error?: string;
}

const small = fc.integer({ min: -3, max: 3 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('map' as const), k: small }),
  fc.record({ op: fc.constant('mapAsync' as const), k: small }),
  fc.record({ op: fc.constant('mapThrow' as const), at: fc.integer({ min: 5, max: 20 }) }),
  fc.record({ op: fc.constant('filter' as const), m: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constant('tap' as const) }),
  fc.record({ op: fc.constant('scan' as const) }),
  fc.record({ op: fc.constant('take' as const), n: fc.integer({ min: 0, max: 12 }) }),
  fc.record({ op: fc.constant('takeWhile' as const), below: fc.integer({ min: 0, max: 20 }), inclusive: fc.boolean() }),
  fc.record({ op: fc.constant('skip' as const), n: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ op: fc.constant('skipWhile' as const), below: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ op: fc.constant('distinct' as const) }),
  fc.record({ op: fc.constant('pairwise' as const) }),
);

export const arbitraryCase: fc.Arbitrary<Case> = fc.record({
  input: fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 40 }),
  steps: fc.array(step, { minLength: 1, maxLength: 6 }),
  fusion: fc.boolean(),
  maxDemand: fc.integer({ min: 1, max: 8 }),
});

// Values after pairwise are pairs: the steps read them through this number.
const num = (v: unknown): number => (Array.isArray(v) ? num(v[0]) + num(v[1]) : (v as number));

function operator(s: Step): Operator<unknown, unknown> {
  switch (s.op) {
    case 'map':
      return map((v) => num(v) * s.k + 1);
    case 'mapAsync':
      return map((v, i) => Promise.resolve(num(v) * s.k + i));
    case 'mapThrow':
      return map((v) => {
        if (num(v) === s.at) throw new Error(`hit ${s.at}`);
        return v;
      });
    case 'filter':
      return filter((v, i) => (num(v) + i) % s.m === 0);
    case 'tap':
      return tap(() => undefined);
    case 'scan':
      return scan((total: number, v: unknown, i) => total + num(v) + i, 0);
    case 'take':
      return take(s.n);
    case 'takeWhile':
      return takeWhile((v) => Math.abs(num(v)) < s.below, s.inclusive);
    case 'skip':
      return skip(s.n);
    case 'skipWhile':
      return skipWhile((v) => Math.abs(num(v)) < s.below);
    case 'distinct':
      return distinctUntilChanged((a, b) => num(a) === num(b));
    case 'pairwise':
      return pairwise();
  }
}

/** Runs one case through genstage; events before a failure are kept. */
export async function runCase(c: Case): Promise<Outcome> {
  setFusion(c.fusion);
  const stage = pipe(from(c.input), ...(c.steps.map(operator) as [Operator<number, unknown>]));
  setFusion(true);
  const events: unknown[] = [];
  try {
    await consume(stage, (batch) => void events.push(...batch), { maxDemand: c.maxDemand });
    return { events };
  } catch (error) {
    return { events, error: (error as Error).message };
  }
}

/** The same case over a plain array; null when a step throws (where batching decides what got out first). */
export function model(c: Case): unknown[] | null {
  let values: unknown[] = c.input;
  for (const s of c.steps) {
    const next = modelStep(s, values);
    if (next === null) return null;
    values = next;
  }
  return values;
}

function modelStep(s: Step, values: unknown[]): unknown[] | null {
  switch (s.op) {
    case 'map':
      return values.map((v) => num(v) * s.k + 1);
    case 'mapAsync':
      return values.map((v, i) => num(v) * s.k + i);
    case 'mapThrow':
      return values.some((v) => num(v) === s.at) ? null : values;
    case 'filter':
      return values.filter((v, i) => (num(v) + i) % s.m === 0);
    case 'tap':
      return values;
    case 'scan': {
      let total = 0;
      return values.map((v, i) => (total = total + num(v) + i));
    }
    case 'take':
      return values.slice(0, s.n);
    case 'takeWhile': {
      const stop = values.findIndex((v) => !(Math.abs(num(v)) < s.below));
      return stop < 0 ? values : values.slice(0, s.inclusive ? stop + 1 : stop);
    }
    case 'skip':
      return values.slice(s.n);
    case 'skipWhile': {
      const start = values.findIndex((v) => !(Math.abs(num(v)) < s.below));
      return start < 0 ? [] : values.slice(start);
    }
    case 'distinct':
      return values.filter((v, i) => i === 0 || num(values[i - 1]) !== num(v));
    case 'pairwise':
      return values.slice(1).map((v, i) => [values[i], v]);
  }
}
