// Each per-event step's code (see step.ts) written once more as a plain function, for where code generation
// from strings is refused (a Content Security Policy without 'unsafe-eval', Cloudflare Workers, browser
// extensions, `node --disallow-code-generation-from-strings`): compose.ts chains these instead. Each one must
// do exactly what its kind's `code` does, statement for statement; test/fusion-closures.test.ts runs every kind
// both ways over random inputs and compares.
import { isThenable } from './step.js';

/** What a step tells the chain about the event in `cell.v`, as the code's DROP / END / LAST / AWAIT. */
export const NEXT = 0; // goes on to the next step
export const DROP = 1;
export const END = 2;
export const LAST = 3;
export const AWAIT = 4; // `cell.v` is a promise

/** The event going through the chain: a step may replace it (map). */
export interface Cell {
  v: unknown;
}

/** One step: its state (as made by the spec's `state()`) and the event; it returns one of the signals above. */
export type StepRun = (s: any, cell: Cell) => number;

const runs: Readonly<Record<string, StepRun>> = {
  map(s, cell) {
    cell.v = s.fn(cell.v, s.index++);
    return isThenable(cell.v) ? AWAIT : NEXT;
  },
  filter(s, cell) {
    return s.pred(cell.v, s.index++) ? NEXT : DROP;
  },
  tap(s, cell) {
    s.fn(cell.v);
    return NEXT;
  },
  scan(s, cell) {
    if (s.started) cell.v = s.total = s.fn(s.total, cell.v, s.index++);
    else {
      s.started = true;
      s.total = cell.v;
      s.index++;
    }
    return NEXT;
  },
  take(s) {
    if (--s.left <= 0) return s.left < 0 ? END : LAST;
    return NEXT;
  },
  takeWhile(s, cell) {
    if (!s.pred(cell.v, s.index++)) return s.inclusive ? LAST : END;
    return NEXT;
  },
  skip(s) {
    if (s.left > 0) {
      s.left--;
      return DROP;
    }
    return NEXT;
  },
  skipWhile(s, cell) {
    if (s.skipping) {
      if (s.pred(cell.v, s.index++)) return DROP;
      s.skipping = false;
    }
    return NEXT;
  },
  distinctUntilChanged(s, cell) {
    const key = s.keyOf(cell.v);
    if (s.seen && s.equal(s.previous, key)) return DROP;
    s.seen = true;
    s.previous = key;
    return NEXT;
  },
  pairwise(s, cell) {
    if (!s.seen) {
      s.seen = true;
      s.previous = cell.v;
      return DROP;
    }
    const previous = s.previous;
    s.previous = cell.v;
    cell.v = [previous, cell.v];
    return NEXT;
  },
};

/** The function form of a step kind; a kind known only by its code cannot run without code generation. */
export function stepRun(kind: string): StepRun {
  const run = Object.hasOwn(runs, kind) ? runs[kind] : undefined;
  if (run === undefined) {
    throw new Error(
      `step kind "${kind}" has no function form (operators/step-runs.ts), and code generation from strings is disallowed here`,
    );
  }
  return run;
}
