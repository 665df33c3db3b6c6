// Release (DESIGN §4b.6): break, an aborted signal, return() and stop() settle promptly and release upstream,
// also when an async source is idle; a refused or stopped operation leaves nothing behind.
import { describe, expect, it } from 'vitest';
import { consume, consumerSupervisor, from, merge, partitionDispatcher, pipe, producer, run, start, toArray } from '../../src/index.js';
import { abortListeners, cleanUp, eventually, outcome, settle, show, sleep, within } from './helpers.js';

/**
 * An async source that yields one item, then waits on I/O (a promise only the test settles), as a socket
 * with nothing to read. `finallyRan` tells whether the source was released.
 */
function idleSource() {
  let arrive: () => void = () => undefined;
  const io = new Promise<void>((resolve) => (arrive = resolve));
  const state = { finallyRan: false };
  async function* generate() {
    try {
      yield 1;
      await io;
      yield 2;
    } finally {
      state.finallyRan = true;
    }
  }
  return { state, generate, arrive };
}

describe('stopping a consumer of an idle async source', () => {
  it('for await … break exits at once, and the source is released when its I/O completes', async () => {
    const source = idleSource();
    const got: number[] = [];
    try {
      const loop = (async () => {
        for await (const event of from(source.generate())) {
          got.push(event);
          break;
        }
      })();
      await within(loop, undefined, 'for await … break over an idle async source');
      expect(got).toEqual([1]);
      source.arrive();
      await eventually(() => source.state.finallyRan, "the source's finally after its pending read completed");
    } finally {
      source.arrive();
    }
  });

  it('toArray(…, { signal }) rejects with the reason as soon as the signal aborts', async () => {
    const source = idleSource();
    const abort = new AbortController();
    const reason = new Error('no longer needed');
    try {
      const collecting = toArray(from(source.generate()), { signal: abort.signal });
      await settle();
      abort.abort(reason);
      const settled = await outcome(collecting);
      expect(settled.status === 'rejected' && settled.reason === reason, `toArray ${show(settled)}`).toBe(true);
    } finally {
      source.arrive();
    }
  });

  it('start(…).stop({ drain: false }) settles at once and done settles too', async () => {
    const source = idleSource();
    try {
      const running = start(from(source.generate()));
      await settle();
      await within(running.stop({ drain: false }), undefined, 'stop({ drain: false })');
      await within(running.done.catch(() => undefined), undefined, 'done after stop({ drain: false })');
    } finally {
      source.arrive();
    }
  });
});

describe('a subscription refused by a partition dispatcher', () => {
  it("leaves no abort listener on the caller's signal, however many times it is refused", async () => {
    const p = producer<number>({ name: 'P', dispatcher: partitionDispatcher<number>({ partitions: 2 }) });
    const owner = new AbortController();
    const taken = consume(p.subscribe({ partition: 0, signal: owner.signal }), () => undefined);
    taken.catch(() => undefined);
    const caller = new AbortController();
    const before = abortListeners(caller.signal);
    try {
      await settle();
      for (let i = 0; i < 40; i++) {
        let refusal: unknown;
        try {
          await within(consume(p.subscribe({ partition: 0, signal: caller.signal }), () => undefined), undefined, 'a refused consume');
        } catch (error) {
          refusal = error;
        }
        expect(refusal, 'a second subscriber of partition 0 must be refused').toBeInstanceOf(Error);
      }
      expect(abortListeners(caller.signal)).toBe(before);
    } finally {
      await cleanUp(() => owner.abort(new Error('test over')), () => p.end(), () => taken);
    }
  });
});

describe('a write() still waiting for room when the pipeline stops without draining', () => {
  // Skipped: open after the core rebuild (issue 13): see the closing note.
  it.skip('rejects with an error that names the stop', async () => {
    const p = producer<number>({ name: 'P', bufferSize: 2 });
    // One slot, held by a worker that only ends when cancelled: events 2 and 3 fill the buffer, 4..10 wait.
    const hold = consumerSupervisor(1, (_: number, { signal }) =>
      new Promise<number>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true })),
    );
    const running = start(pipe(p, hold));
    running.done.catch(() => undefined);
    let written: 'pending' | 'resolved' | 'rejected' = 'pending';
    let failure: unknown;
    const writing = p.write([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).then(
      () => void (written = 'resolved'),
      (error: unknown) => {
        written = 'rejected';
        failure = error;
      },
    );
    try {
      await settle();
      expect(written, 'the write waits for room').toBe('pending');
      await within(running.stop({ drain: false }), undefined, 'stop({ drain: false })');
      await within(writing, undefined, 'the pending write() after stop({ drain: false })');
      expect(written).toBe('rejected');
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).message).toMatch(/stop/i);
    } finally {
      await cleanUp(() => running.stop({ drain: false }), () => p.end());
    }
  });
});

describe('merge when one source fails', () => {
  // Skipped: open after the core rebuild (issue 13): see the closing note.
  it.skip("rejects with that error only after the other sources' finally blocks ran", async () => {
    const error = new Error('one source broke');
    const state = { releasedAtRejection: false, released: false };
    const failing = (async function* () {
      yield 0;
      await sleep(5);
      throw error;
    })();
    const other = (async function* () {
      try {
        for (let i = 1; ; i++) {
          await sleep(1);
          yield i;
        }
      } finally {
        await sleep(5); // releasing takes a moment, as closing a connection does
        state.released = true;
      }
    })();
    const merged = run(merge(from(failing), from(other))).catch((reason: unknown) => {
      state.releasedAtRejection = state.released;
      throw reason;
    });
    const settled = await outcome(merged);
    expect(settled.status === 'rejected' && settled.reason === error, `merge ${show(settled)}`).toBe(true);
    expect(state.releasedAtRejection, "the other source's finally had run when merge rejected").toBe(true);
  });
});
