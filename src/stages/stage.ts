// What every stage shares: pipe(), for-await, subscribe() views, and connecting a consumer with its demand.
import { resolveDemand } from '../protocol/demand.js';
import { StageIterator } from '../consumers/iterate.js';
import type { Tracer } from '../observation/trace.js';
import type { Operator, Stage, StageStats, SubscribeOptions, Subscription } from '../types.js';
import { checkFunction, checkOptions, checkSignal, show, STAGE_BRAND } from '../validate.js';

/** An edge of the pipeline graph: a stage this one reads from, and the subscription options it uses. */
export interface StageInput {
  readonly stage: StageBase<unknown>;
  readonly options: SubscribeOptions<unknown>;
}

// Brands, not class identity: the CommonJS and the ES module builds loaded in one process each have their own
// StageBase class, and a stage of one must still be a stage to the other (isStage, pipe, toMermaid, start).
const STAGE = STAGE_BRAND;
const VIEW = Symbol.for('genstage.stageView');

export const SUBSCRIBE_KEYS = ['maxDemand', 'minDemand', 'selector', 'partition', 'signal'] as const;

export abstract class StageBase<T> implements Stage<T> {
  static {
    Object.defineProperty(this.prototype, STAGE, { value: true });
  }

  abstract readonly name: string;
  abstract readonly kind: string;

  /** Opens one subscription with these options, without asking anything yet (GenStage's manual mode). */
  abstract open(options: SubscribeOptions<T>): Subscription<T>;

  abstract stats(): StageStats;

  /** The stages this one reads from (the pipeline graph, upstream side). */
  inputs(): readonly StageInput[] {
    return [];
  }

  /** Stop, for source stages: take no new events, deliver what is held, then end (`graceful` false: drop writes). */
  drain(_graceful?: boolean): void {}

  /** A fresh, unstarted copy of this stage that reads its source from the start (how `retry` re-subscribes),
   *  or undefined when its events cannot be had again (a producer's pushed events). */
  respawn(): StageBase<T> | undefined {
    return undefined;
  }

  /** Sends trace events to `tracer` (start() calls it on every stage of a pipeline). */
  setTracer(_tracer: Tracer | undefined, _replace?: boolean): void {}

  /** Checks subscription options the stage's dispatcher cares about (selector, partition) before anything runs. */
  abstract validateSubscription(options: SubscribeOptions<T>): void;

  /** The options a subscription opened with `options` gets (a `subscribe()` view adds its own). */
  subscriptionOptions(options: SubscribeOptions<T>): SubscribeOptions<T> {
    return options;
  }

  pipe(...operators: Operator<any, any>[]): any {
    return applyOperators(this, operators);
  }

  subscribe(options?: SubscribeOptions<T>): Stage<T> {
    return new StageView(this, checkSubscribeOptions(options, this, 'subscribe'));
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return new StageIterator(this);
  }
}

/** `stage.subscribe(options)`: the same stage, seen by consumers with these subscription options. */
export class StageView<T> extends StageBase<T> {
  static {
    Object.defineProperty(this.prototype, VIEW, { value: true });
  }

  constructor(readonly parent: StageBase<T>, readonly options: SubscribeOptions<T>) {
    super();
  }

  get name(): string {
    return this.parent.name;
  }

  get kind(): string {
    return this.parent.kind;
  }

  open(options: SubscribeOptions<T>): Subscription<T> {
    return this.parent.open(this.merge(options));
  }

  override subscriptionOptions(options: SubscribeOptions<T>): SubscribeOptions<T> {
    return this.parent.subscriptionOptions(this.merge(options));
  }

  validateSubscription(options: SubscribeOptions<T>): void {
    this.parent.validateSubscription(this.merge(options));
  }

  stats(): StageStats {
    return this.parent.stats();
  }

  // Options a consumer sets explicitly win over the view's.
  private merge(options: SubscribeOptions<T>): SubscribeOptions<T> {
    const merged: SubscribeOptions<T> = { ...this.options };
    for (const key of SUBSCRIBE_KEYS) {
      if (options[key] !== undefined) (merged as Record<string, unknown>)[key] = options[key];
    }
    // A consumer that sets only maxDemand gets GenStage's default minDemand for it, not the view's.
    if (options.maxDemand !== undefined && options.minDemand === undefined) delete merged.minDemand;
    return merged;
  }
}

/** Validates subscription options once, when the subscriber is built. */
export function checkSubscribeOptions<T>(
  options: SubscribeOptions<T> | undefined,
  stage: StageBase<T> | undefined,
  where: string,
): SubscribeOptions<T> {
  const checked = checkOptions(options, SUBSCRIBE_KEYS, where) as SubscribeOptions<T>;
  resolveDemand(checked);
  checkSignal(checked.signal);
  if (checked.selector !== undefined) checkFunction('selector', checked.selector);
  stage?.validateSubscription(checked);
  return checked;
}

export function applyOperators(source: unknown, operators: readonly unknown[]): any {
  let stage = source;
  for (let i = 0; i < operators.length; i++) {
    stage = applyOperator(checkFunction<Operator<unknown, unknown>>(`operator ${i + 1}`, operators[i]), stage, i + 1);
  }
  return stage;
}

// The common slip is an operator factory in place of an operator (`pipe(source, map)`): called with the source,
// the factory refuses it as its first argument, or returns the operator instead of a stage. Say so.
function applyOperator(operator: Operator<unknown, unknown>, stage: unknown, position: number): unknown {
  let result: unknown;
  try {
    result = operator(stage as Stage<unknown>);
  } catch (error) {
    const refusedSource = error instanceof TypeError && error.message.endsWith(`got ${show(stage)}`);
    if (!refusedSource) throw error;
    throw new TypeError(`${factorySlip(operator, position)} (given the source, it said: ${error.message})`, { cause: error });
  }
  if (typeof result === 'function') {
    throw new TypeError(`${factorySlip(operator, position)} (given the source, it returned ${show(result)}, not a stage)`);
  }
  return result;
}

function factorySlip(factory: Function, position: number): string {
  const name = factory.name || 'factory';
  return `operator ${position} is ${factory.name || 'a function'}, an operator factory, not an operator: did you mean ${name}(…)?`;
}

/**
 * Whether `value` is a genstage stage, whichever copy of genstage made it (the CommonJS and the ES module
 * builds in one process, or two installed versions).
 *
 * @example
 * isStage(from([1, 2])); // true
 * isStage([1, 2]); // false: a source, not a stage
 */
export function isStage<T = unknown>(value: unknown): value is StageBase<T> {
  return typeof value === 'object' && value !== null && (value as { [STAGE]?: unknown })[STAGE] === true;
}

/** A `subscribe()` view, from any copy of genstage. */
export function isView(value: unknown): value is StageView<unknown> {
  return isStage(value) && (value as { [VIEW]?: unknown })[VIEW] === true;
}
