// S2 bounded async concurrency: 2,000 items, each awaiting a 2 ms timer, at most 50 at once.
import { failed, range, timed, type Scenario } from './common.js';

const ITEMS = 2_000;
export const S2_LIMIT = 50;
const TIMER_MS = 2;
/** The wall time with no overhead at all: ITEMS / LIMIT rounds of one timer each. */
export const S2_IDEAL_MS = (ITEMS / S2_LIMIT) * TIMER_MS;

/** The work every library runs: counts how many run at once and which items ran, then waits for a timer. */
class ConcurrencyProbe {
  inFlight = 0;
  peak = 0;
  readonly seen = new Uint8Array(ITEMS);

  readonly work = async (item: number): Promise<number> => {
    if (++this.inFlight > this.peak) this.peak = this.inFlight;
    this.seen[item]!++;
    await new Promise<void>((resolve) => setTimeout(resolve, TIMER_MS));
    this.inFlight--;
    return item;
  };

  verdict(sum: number, expected: number): string | null {
    if (this.peak > S2_LIMIT) return `${this.peak} ran at once, the limit is ${S2_LIMIT}`;
    const miss = this.seen.findIndex((n) => n !== 1);
    if (miss >= 0) return `item ${miss} ran ${this.seen[miss]} times`;
    if (sum !== expected) return `sum of results ${sum}, expected ${expected}`;
    return null;
  }
}

export const s2: Scenario<'S2'> = {
  id: 'S2',
  title: `S2 bounded concurrency: ${ITEMS.toLocaleString('en-US')} items × ${TIMER_MS} ms timer, at most ${S2_LIMIT} at once (ideal ${S2_IDEAL_MS} ms)`,
  metric: 'ms',
  prepare() {
    const items = range(0, ITEMS);
    const expected = (ITEMS * (ITEMS - 1)) / 2;
    return {
      events: ITEMS,
      async run(impl) {
        const probe = new ConcurrencyProbe();
        const { ms, value } = await timed(() => impl(items, probe.work, S2_LIMIT));
        const wrong = probe.verdict(value, expected);
        if (wrong !== null) return failed(wrong);
        return { ok: true, ms, extras: { peakConcurrency: probe.peak } };
      },
    };
  },
};
