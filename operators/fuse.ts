// Fusion: adjacent synchronous per-event operators (map, filter, tap, scan, take, skip, …) run as ONE stage that
// makes one pass over each upstream batch, each event going through the whole chain before the next one: no
// array between operators and no promise per event (compile.ts generates that loop).
//
// How: applied to a source that is an unstarted fused stage, such an operator does not subscribe to it: it
// builds one new fused stage with both chains of steps, subscribed to that stage's own upstream. The stage it
// absorbed stays unstarted; if someone subscribes to it separately later, it starts then, as a second consumer
// sharing the same upstream. Each fused stage has its own copy of the absorbed steps' state: an unstarted
// `scan` feeding two operators keeps two running totals, one over each one's share of the events (as RxJS's
// cold operators do); start it first, or turn fusion off, for one shared total.
import type { StageBase } from '../src/stages/stage.js';
import type { Operator } from '../src/types.js';
import { checkBoolean } from '../src/validate.js';
import { compile, DONE, PAUSED, STOP, type ChainContext, type CompiledChain } from './compile.js';
import { OperatorStage, operate } from './operate.js';
import type { StepSpec } from './step.js';

let fusionEnabled = true;

/**
 * Turns fusion on (the default) or off for the operators applied from now on, e.g. to compare results or
 * timings. Without fusion each per-event operator is a stage of its own.
 *
 * @example
 * setFusion(false);
 * const unfused = pipe([1, 2, 3], map((x: number) => x * 2), filter((x) => x > 2)); // two stages
 * setFusion(true);
 */
export function setFusion(enabled: boolean): void {
  fusionEnabled = checkBoolean('enabled', enabled);
}

/**
 * Makes a synchronous per-event operator from its step: the building block of map, filter, take, ….
 *
 * @example
 * const double = fusable<number, number>({ kind: 'double', code: 'v = v * 2;', state: () => ({}), needs: (_, m) => m });
 * await toArray(pipe([1, 2], double)); // [2, 4]
 */
export function fusable<A, B>(spec: StepSpec<any>): Operator<A, B> {
  return operate<A, B>((source) => {
    if (fusionEnabled && source instanceof FusedStage && !source.started) {
      const absorbed = source as FusedStage<unknown, A>;
      return new FusedStage<unknown, B>(absorbed.source, [...absorbed.specs, spec]);
    }
    return new FusedStage<A, B>(source, [spec]);
  });
}

class FusedStage<A, B> extends OperatorStage<A, B> {
  /** Subscribed to its upstream: no operator may absorb it any more. */
  started = false;
  private readonly chain: CompiledChain;
  private readonly context: ChainContext;

  constructor(source: StageBase<A>, readonly specs: readonly StepSpec[]) {
    super(source, specs.map((spec) => spec.kind).join('+'));
    this.chain = compile(specs);
    const states = specs.map((spec) => spec.state());
    this.context = { states, count: 0, promise: null, step: 0, index: 0, last: false };
  }

  protected copy(source: StageBase<A>): FusedStage<A, B> {
    return new FusedStage(source, this.specs);
  }

  protected override onStart(): void {
    this.started = true;
    super.onStart();
  }

  protected override limit(): number {
    const { states } = this.context;
    let m = Infinity;
    for (let k = this.specs.length - 1; k >= 0; k--) m = this.specs[k]!.needs(states[k]!, m);
    return m;
  }

  protected handle(batch: readonly A[]): void | PromiseLike<void> {
    return this.run(batch, 0);
  }

  private run(batch: readonly A[], start: number): void | PromiseLike<void> {
    if (!this.running) return;
    // Room for the whole batch; after an async map paused it, the rest starts small and grows.
    const out: B[] = start === 0 ? new Array<B>(batch.length) : [];
    let outcome: number;
    try {
      outcome = this.chain.loop(batch, start, out, this.context);
    } finally {
      this.flush(out);
    }
    return this.follow(batch, outcome);
  }

  // An async map paused the chain: what was done went out; now its value goes through the steps after the map,
  // then the batch goes on from the next event, so order is kept.
  private resumeWith(batch: readonly A[], value: unknown): void | PromiseLike<void> {
    if (!this.running) return;
    const { step, index, last } = this.context;
    const out = new Array<B>(1);
    let outcome: number;
    try {
      outcome = this.chain.after[step]!(value, out, this.context, last);
    } finally {
      this.flush(out);
    }
    return outcome === DONE ? this.run(batch, index + 1) : this.follow(batch, outcome);
  }

  private follow(batch: readonly A[], outcome: number): void | PromiseLike<void> {
    if (outcome === PAUSED) {
      const promise = this.context.promise!;
      this.context.promise = null;
      return promise.then((value) => this.resumeWith(batch, value));
    }
    if (outcome === STOP) return this.finish();
  }

  private flush(out: B[]): void {
    const count = this.context.count;
    this.context.count = 0;
    if (count === 0) return;
    out.length = count;
    this.emit(out);
  }
}
