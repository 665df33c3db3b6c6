// The fused-loop compiler: a chain of per-event steps becomes one generated function that runs every event
// through every step, with no array between steps and no promise per event. Each chain shape (its list of
// kinds) is compiled once and cached; a stage brings its own state objects. Generated code keeps each call
// site seeing one user function, which the engine can inline: closures chained step to step cannot do that.
import { isThenable, type StepSpec } from './step.js';

/** What a compiled function returns. */
export const DONE = 0; // the batch (or the value) went through
export const STOP = 1; // a step needs no more events (take)
export const PAUSED = 2; // an async step returned a promise: see the context's pause fields

/** A stage's side of its compiled chain: its step states, its output count, and where the chain paused. */
export interface ChainContext {
  readonly states: readonly object[];
  /** Events written to `out`: the compiled functions write `out[count++]` into an array made big enough. */
  count: number;
  /** The promise the chain waits for, after step `step`, at event `index` of the batch. */
  promise: PromiseLike<unknown> | null;
  step: number;
  index: number;
  /** A step said LAST before the chain paused: stop once this event went through. */
  last: boolean;
}

export interface CompiledChain {
  /** Runs `batch[start..]` through the chain into `out`, which has room for all of them. */
  loop(batch: readonly unknown[], start: number, out: unknown[], ctx: ChainContext): number;
  /** `after[k]` runs one value through the steps after step k (resuming after a pause at step k). */
  after: ((value: unknown, out: unknown[], ctx: ChainContext, last: boolean) => number)[];
}

const cache = new Map<string, CompiledChain>();

export function compile(specs: readonly StepSpec[]): CompiledChain {
  const key = specs.map((spec) => spec.kind).join(',');
  let chain = cache.get(key);
  if (chain === undefined) {
    chain = build(specs);
    cache.set(key, chain);
  }
  return chain;
}

function build(specs: readonly StepSpec[]): CompiledChain {
  const states = specs.map((_, k) => `s${k} = states[${k}]`).join(', ');
  const prologue = `const states = ctx.states;${specs.length > 0 ? ` const ${states};` : ''}`;
  // The loop keeps counters in locals, which the engine can hold in registers, and writes them back however it ends.
  const counters = specs.flatMap((spec, k) =>
    (spec.counters ?? []).map((name) => [`s${k}.${name}`, `c${k}_${name}`] as const),
  );
  const load = counters.map(([field, local]) => `let ${local} = ${field};`).join(' ');
  const store = counters.map(([field, local]) => `${field} = ${local};`).join(' ');
  // Writing into an array made big enough costs far less than growing one with push().
  const loop = `function loop(batch, start, out, ctx) {
    ${prologue} ${load}
    let last = false;
    let n = ctx.count;
    try {
      for (let i = start; i < batch.length; i++) {
        if (last) return ${STOP};
        let v = batch[i];
        ${steps(specs, 0, 'continue', 'ctx.index = i; ', true)}
        out[n++] = v;
      }
    } finally { ctx.count = n; ${store} }
    return last ? ${STOP} : ${DONE};
  }`;
  const after = specs.map(
    (_, k) => `function after${k}(v, out, ctx, last) {
      ${prologue}
      ${steps(specs, k + 1, `return last ? ${STOP} : ${DONE}`, '', false)}
      out[ctx.count++] = v;
      return last ? ${STOP} : ${DONE};
    }`,
  );
  const source = `"use strict"; return { loop: ${loop}, after: [${after.join(', ')}] };`;
  return new Function('isThenable', source)(isThenable) as CompiledChain;
}

// The statements of steps `from..` for one event: `drop` is how an event goes no further, `where` records the
// event's place in the batch when the chain pauses, `local` says whether counters live in locals.
function steps(specs: readonly StepSpec[], from: number, drop: string, where: string, local: boolean): string {
  let code = '';
  for (let k = from; k < specs.length; k++) {
    const spec = specs[k]!;
    const pause = `{ ctx.promise = v; ctx.step = ${k}; ${where}ctx.last = last; return ${PAUSED}; }`;
    let body = spec.code;
    if (local) for (const name of spec.counters ?? []) body = body.replace(new RegExp(`\\$\\.${name}\\b`, 'g'), `c${k}_${name}`);
    code += `{ ${body
      .replace(/\$\./g, `s${k}.`)
      .replace(/\bDROP\b/g, drop)
      .replace(/\bEND\b/g, `return ${STOP}`)
      .replace(/\bLAST\b/g, 'last = true')
      .replace(/\bAWAIT\b;?/g, pause)} }\n`;
  }
  return code;
}
