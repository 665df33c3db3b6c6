// S3 work-sharing fan-out: 1,000,000 integers, 4 consumers, each event to exactly one, sums merged.
import { failed, range, sizeFor, timed, withDeadline, type Scenario } from './common.js';
import { Shares } from './tally.js';

const SIZE = 1_000_000;
const CONSUMERS = 4;

export const s3: Scenario<'S3'> = {
  id: 'S3',
  title: `S3 work-sharing fan-out: 1,000,000 integers to ${CONSUMERS} consumers, each event to exactly one`,
  metric: 'events/s',
  prepare(config) {
    const size = sizeFor(config.mode, SIZE, 5);
    const data = range(0, size);
    const shares = new Shares(CONSUMERS, size);
    const expected = (size * (size - 1)) / 2;
    return {
      events: size,
      run(impl) {
        shares.reset();
        return withDeadline(shares.deadline, config.softDeadlineMs, async () => {
          const { ms } = await timed(() => impl(data, shares));
          const total = shares.total;
          const miss = total.firstMiss();
          if (miss >= 0) return failed(`event ${miss} reached consumers ${total.seen[miss]} times`);
          const merged = shares.sums.reduce((a, b) => a + b, 0);
          if (merged !== expected) return failed(`merged sum ${merged}, expected ${expected}`);
          return { ok: true, ms, extras: { shares: shares.counts.map((n) => n / size) } };
        });
      },
    };
  },
};
