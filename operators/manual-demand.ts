// Asking upstream in GenStage's manual mode, the way the DemandDispatcher expects: it takes a subscriber's first
// ask as its maximum demand and warns about any larger ask (uneven demands overload greedy consumers). A larger
// ask is therefore split into asks no larger than the first.
import type { Subscription } from '../src/types.js';

export class ManualDemand {
  private largest = 0;

  constructor(private readonly subscription: Subscription<unknown>) {}

  ask(n: number): void {
    if (n <= 0) return;
    if (this.largest === 0) this.largest = n;
    for (let left = n; left > 0; left -= this.largest) this.subscription.ask(Math.min(left, this.largest));
  }
}
