// S5 merge: 4 sources of 250,000 integers merged into one sum.
import { failed, range, sizeFor, timed, withDeadline, type Scenario } from './common.js';
import { Tally } from './tally.js';

const SOURCES = 4;
const EACH = 250_000;

export const s5: Scenario<'S5'> = {
  id: 'S5',
  title: `S5 merge: ${SOURCES} sources of 250,000 integers merged into one sum`,
  metric: 'events/s',
  prepare(config) {
    const each = sizeFor(config.mode, EACH, 5);
    // Disjoint ranges, so the tally can tell which event was lost or doubled.
    const sources = Array.from({ length: SOURCES }, (_, k) => range(k * each, each));
    const size = SOURCES * each;
    const tally = new Tally(size);
    const expected = (size * (size - 1)) / 2;
    return {
      events: size,
      run(impl) {
        tally.reset();
        return withDeadline(tally.deadline, config.softDeadlineMs, async () => {
          const { ms } = await timed(() => impl(sources, tally));
          const miss = tally.firstMiss();
          if (miss >= 0) return failed(`event ${miss} arrived ${tally.seen[miss]} times`);
          if (tally.sum !== expected) return failed(`sum ${tally.sum}, expected ${expected}`);
          return { ok: true, ms, extras: {} };
        });
      },
    };
  },
};
