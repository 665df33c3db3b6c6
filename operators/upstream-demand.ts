// An operator stage's demand towards its upstream in GenStage's automatic mode (ask maxDemand, then re-ask per
// the min/max rule after each handled batch), with one addition GenStage lacks: it never asks for more events
// than the stage can still use, which is how `take(3)` on a producer makes handleDemand see 3 in all.
import { DemandCounter, resolveDemand } from '../src/demand.js';
import type { Subscription } from '../src/types.js';

/** GenStage's defaults for a producer_consumer's subscription: maxDemand 1000, minDemand 500. */
const DEFAULT_DEMAND = resolveDemand({});

export class UpstreamDemand {
  private readonly counter = new DemandCounter(DEFAULT_DEMAND.maxDemand, DEFAULT_DEMAND.minDemand);

  /** Asks the first `maxDemand` events, or fewer when the stage can use only `limit` more. */
  constructor(private readonly subscription: Subscription<unknown>, limit: number) {
    const first = Math.min(this.counter.max, limit);
    this.counter.outstanding = first;
    if (first > 0) subscription.ask(first);
  }

  /** `count` events were handled and the stage can use at most `limit` more: re-asks what the rule allows. */
  handled(count: number, limit: number): void {
    const ask = this.counter.handled(count);
    if (ask === 0) return;
    const outstanding = this.counter.max - ask;
    const capped = limit === Infinity ? ask : Math.min(ask, Math.max(limit - outstanding, 0));
    this.counter.outstanding = outstanding + capped;
    if (capped > 0) this.subscription.ask(capped);
  }
}
