// S1 throughput: 1,000,000 integers → x*2 → keep x%3≠0 → x+1 → sum.
import { failed, range, sizeFor, timed, type Scenario } from './common.js';

const SIZE = 1_000_000;

/** The sum a correct pipeline returns, computed independently of every contender. */
export function expectedS1(size: number): number {
  let sum = 0;
  for (let i = 0; i < size; i++) if (i % 3 !== 0) sum += 2 * i + 1;
  return sum;
}

export const s1: Scenario<'S1'> = {
  id: 'S1',
  title: 'S1 throughput: 1,000,000 integers → x*2 → keep x%3≠0 → x+1 → sum',
  metric: 'events/s',
  prepare(config) {
    const size = sizeFor(config.mode, SIZE, 5);
    const data = range(0, size);
    const expected = expectedS1(size);
    return {
      events: size,
      async run(impl) {
        const { ms, value } = await timed(() => impl(data));
        if (value !== expected) return failed(`sum ${value}, expected ${expected}`);
        return { ok: true, ms, extras: {} };
      },
    };
  },
};
