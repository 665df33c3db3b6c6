// The fused chain without code generation: the same loop as compile.ts generates, built by composing one
// closure per step, right to left, each calling the next. Same outcomes (DONE / STOP / PAUSED), same pause
// fields in the context, same `after[k]` resume functions; counters stay in the state objects, where the
// generated loop writes its locals back anyway.
import { DONE, PAUSED, STOP, type ChainContext, type CompiledChain } from './chain.js';
import { AWAIT, END, LAST, NEXT, stepRun, type Cell, type StepRun } from './step-runs.js';
import type { StepSpec } from './step.js';

/** The event's cell, plus what the chain learned on the way: a LAST seen, the step that paused. */
interface Pass extends Cell {
  last: boolean;
  step: number;
}

/** Runs steps k.. on `pass.v`: NEXT if the event went through them all, else DROP, END or AWAIT. */
type Through = (states: readonly object[], pass: Pass) => number;

export function compose(specs: readonly StepSpec[]): CompiledChain {
  const throughs: Through[] = [];
  let next: Through = passAll;
  for (let k = specs.length - 1; k >= 0; k--) throughs[k] = next = link(stepRun(specs[k]!.kind), k, next);
  const first = throughs[0] ?? passAll;
  return {
    loop: (batch, start, out, ctx) => loop(first, batch, start, out, ctx),
    after: specs.map((_, k) => resume(throughs[k + 1] ?? passAll)),
  };
}

function passAll(): number {
  return NEXT;
}

function link(run: StepRun, k: number, next: Through): Through {
  return (states, pass) => {
    const signal = run(states[k], pass);
    if (signal === NEXT) return next(states, pass);
    if (signal === LAST) {
      pass.last = true;
      return next(states, pass);
    }
    if (signal === AWAIT) pass.step = k;
    return signal;
  };
}

function loop(through: Through, batch: readonly unknown[], start: number, out: unknown[], ctx: ChainContext): number {
  // One Pass per call, not per chain: a chain is shared by every stage of its shape, and a user function may
  // run another such stage re-entrantly.
  const pass: Pass = { v: undefined, last: false, step: 0 };
  let n = ctx.count;
  try {
    for (let i = start; i < batch.length; i++) {
      if (pass.last) return STOP;
      pass.v = batch[i];
      const signal = through(ctx.states, pass);
      // DROP: the event is not written out, and the loop goes on.
      if (signal === NEXT) out[n++] = pass.v;
      else if (signal === END) return STOP;
      else if (signal === AWAIT) {
        ctx.index = i;
        return pause(ctx, pass);
      }
    }
  } finally {
    ctx.count = n;
  }
  return pass.last ? STOP : DONE;
}

function resume(through: Through): CompiledChain['after'][number] {
  return (value, out, ctx, last) => {
    const pass: Pass = { v: value, last, step: 0 };
    const signal = through(ctx.states, pass);
    if (signal === END) return STOP;
    if (signal === AWAIT) return pause(ctx, pass);
    if (signal === NEXT) out[ctx.count++] = pass.v;
    return pass.last ? STOP : DONE;
  };
}

function pause(ctx: ChainContext, pass: Pass): number {
  ctx.promise = pass.v as PromiseLike<unknown>;
  ctx.step = pass.step;
  ctx.last = pass.last;
  return PAUSED;
}
