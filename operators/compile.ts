// The fused-loop compiler: a chain of per-event steps becomes one generated function that runs every event
// through every step, with no array between steps and no promise per event. Each chain shape (its list of
// kinds) is compiled once and cached; a stage brings its own state objects. Generated code keeps each call
// site seeing one user function, which the engine can inline: closures chained step to step cannot do that.
// Where code generation is refused (a Content Security Policy without 'unsafe-eval', Cloudflare Workers,
// `node --disallow-code-generation-from-strings`), compose.ts builds the same chain from closures instead.
import { DONE, PAUSED, STOP, type CompiledChain } from './chain.js';
import { compose } from './compose.js';
import { isThenable, type StepSpec } from './step.js';

export { DONE, PAUSED, STOP, type ChainContext, type CompiledChain } from './chain.js';

const generated = new Map<string, CompiledChain>();
const composed = new Map<string, CompiledChain>();
/** Whether `new Function` works here: asked once, at the first compile, since importing must not probe. */
let generationAllowed: boolean | undefined;
let closuresForced = false;

export function compile(specs: readonly StepSpec[]): CompiledChain {
  const closures = closuresForced || !canGenerate();
  const cache = closures ? composed : generated;
  const key = specs.map((spec) => spec.kind).join(',');
  let chain = cache.get(key);
  if (chain === undefined) {
    chain = closures ? compose(specs) : build(specs);
    cache.set(key, chain);
  }
  return chain;
}

/** For tests: compile the chains made from now on from closures, as where code generation is refused. */
export function forceClosures(force: boolean): void {
  closuresForced = force;
}

function canGenerate(): boolean {
  if (generationAllowed === undefined) {
    try {
      generationAllowed = new Function('return true')() === true;
    } catch {
      generationAllowed = false;
    }
  }
  return generationAllowed;
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
