// S4 bounded memory: a lazy source of 10,000,000 integers → x*2 → x+1 → a consumer doing a little sync work.
import { failed, sizeFor, timed, withDeadline, type Scenario } from './common.js';
import { Sink } from './tally.js';

const SIZE = 10_000_000;

function* naturals(count: number): Generator<number> {
  for (let i = 0; i < count; i++) yield i;
}

export const s4: Scenario<'S4'> = {
  id: 'S4',
  title: 'S4 bounded memory: lazy 10,000,000 integers → x*2 → x+1 → a little sync work each',
  metric: 'ms',
  prepare(config) {
    const size = sizeFor(config.mode, SIZE, 10);
    const source = (): Iterable<number> => naturals(size);
    const sink = new Sink();
    // The sum of 2i+1 for i < size.
    const expected = size * size;
    return {
      events: size,
      run(impl) {
        sink.reset();
        return withDeadline(sink.deadline, config.softDeadlineMs, async () => {
          const { ms } = await timed(() => impl(source, sink));
          if (sink.count !== size) return failed(`${sink.count} events reached the consumer, expected ${size}`);
          if (sink.sum !== expected) return failed(`sum ${sink.sum}, expected ${expected}`);
          return { ok: true, ms, extras: { peakHeapBytes: sink.peakHeap } };
        });
      },
    };
  },
};
