// GenStage's min/max demand arithmetic, in one place: the rule every connection and supervisor asks by.
import type { DemandOptions } from '../types.js';
import { checkInteger } from '../validate.js';

export const DEFAULT_MAX_DEMAND = 1000;

export interface Demand {
  readonly maxDemand: number;
  readonly minDemand: number;
}

/** Validates demand options and fills GenStage's defaults: max 1000, min `floor(max / 2)`, `0 <= min < max`. */
export function resolveDemand(options: DemandOptions, fallback?: Demand): Demand {
  const maxDemand =
    options.maxDemand === undefined
      ? (fallback?.maxDemand ?? DEFAULT_MAX_DEMAND)
      : checkInteger('maxDemand', options.maxDemand, 1);
  let minDemand: number;
  if (options.minDemand !== undefined) {
    minDemand = checkInteger('minDemand', options.minDemand, 0, {
      max: maxDemand - 1,
      rule: `an integer >= 0 and < maxDemand (${maxDemand})`,
    });
  } else if (fallback && options.maxDemand === undefined) {
    minDemand = fallback.minDemand;
  } else {
    minDemand = Math.floor(maxDemand / 2);
  }
  return { maxDemand, minDemand };
}

/**
 * A consumer's side of one subscription in GenStage's automatic mode: it asked `maxDemand` on subscribe,
 * handles each delivered batch in chunks of at most `maxDemand - minDemand` events, and after each chunk
 * re-asks up to `maxDemand` once its outstanding demand fell to `minDemand` or below.
 */
export class DemandCounter {
  /** Events asked for and not yet handled. */
  outstanding: number;
  /** The largest batch a handler is given. */
  readonly chunk: number;

  constructor(readonly max: number, readonly min: number) {
    this.outstanding = max;
    this.chunk = max - min;
  }

  /** `count` events were handled: returns how many to ask for now (0: none). */
  handled(count: number): number {
    const left = this.outstanding > count ? this.outstanding - count : 0;
    if (left <= this.min) {
      this.outstanding = this.max;
      return this.max - left;
    }
    this.outstanding = left;
    return 0;
  }
}

/**
 * ConsumerSupervisor's rule, which differs from a consumer's: a slot freed by a finished worker is
 * kept as `pending` and asked for once at least `minDemand` slots are pending (never an ask of 0).
 */
export class SlotCounter {
  private pending = 0;

  constructor(readonly max: number, readonly min: number) {}

  /** A worker finished: returns how many events to ask for now (0: none). */
  freed(count = 1): number {
    this.pending += count;
    if (this.pending > 0 && this.pending >= this.min) {
      const ask = this.pending;
      this.pending = 0;
      return ask;
    }
    return 0;
  }
}
