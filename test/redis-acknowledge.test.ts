// acknowledge() / acknowledgeBatch(): Broadway's handle_message / handle_batch over the broker-neutral
// Message. These run on plain Message objects (any durable source's messages fit); the Redis tests run
// the same wrappers against a real server.
import { describe, expect, it } from 'vitest';
import { consumerSupervisor, pipe, toArray, type Message } from '../src/index.js';
import { batch } from '../operators/index.js';
import { acknowledge, acknowledgeBatch } from '../src/redis/index.js';

type Fate = 'acked' | { failed: unknown };

/** Messages that record how they were settled (every call, to prove later calls change nothing). */
function messages(count: number): { list: Message<number>[]; fates: Map<string, Fate[]> } {
  const fates = new Map<string, Fate[]>();
  const list = Array.from({ length: count }, (_, i): Message<number> => {
    const id = `${i}-0`;
    fates.set(id, []);
    let settled = false;
    return {
      id,
      data: i,
      attempt: 1,
      ack: () => void (settled || ((settled = true), fates.get(id)!.push('acked'))),
      fail: (reason) => void (settled || ((settled = true), fates.get(id)!.push({ failed: reason }))),
    };
  });
  return { list, fates };
}

const quiet = { onError: () => undefined };

describe('acknowledge', () => {
  it('acks each message whose handler succeeded and fails the others, without failing the pipeline', async () => {
    const { list, fates } = messages(6);
    const boom = new Error('boom');
    const results = await toArray(
      pipe(
        list,
        consumerSupervisor(
          3,
          acknowledge(async (message: Message<number>) => {
            if (message.data % 3 === 0) throw boom;
            return message.data * 10;
          }, quiet),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'acked').map((r) => r.status === 'acked' && r.value).sort()).toEqual([10, 20, 40, 50]);
    expect(results.filter((r) => r.status === 'failed').map((r) => r.message.id).sort()).toEqual(['0-0', '3-0']);
    expect([...fates.values()]).toEqual([[{ failed: boom }], ['acked'], ['acked'], [{ failed: boom }], ['acked'], ['acked']]);
  });

  it('settles synchronous handlers without a promise, and keeps what the handler settled itself', () => {
    const { list, fates } = messages(3);
    const worker = acknowledge((message: Message<number>) => {
      if (message.data === 1) message.fail('bad payload');
      if (message.data === 2) throw new Error('sync');
      return 'done';
    }, quiet);
    const context = { signal: new AbortController().signal, attempt: 1 };
    const outcomes = list.map((message) => worker(message, context));
    expect(outcomes.map((o) => !(o instanceof Promise) && o.status)).toEqual(['acked', 'acked', 'failed']);
    expect([...fates.values()].map((f) => f.length)).toEqual([1, 1, 1]);
    expect(fates.get('1-0')).toEqual([{ failed: 'bad payload' }]);
  });

  it('reports each failure to onError, and logs a throwing onError instead of failing', async () => {
    const { list } = messages(2);
    const seen: string[] = [];
    const worker = acknowledge(
      (message: Message<number>) => {
        throw new Error(`no ${message.data}`);
      },
      { onError: (reason, message) => seen.push(`${message.id}: ${(reason as Error).message}`) },
    );
    const context = { signal: new AbortController().signal, attempt: 1 };
    list.forEach((message) => worker(message, context));
    expect(seen).toEqual(['0-0: no 0', '1-0: no 1']);
  });

  it('leaves unsettled, and does not report, the messages of handlers stopped by a cancelled pipeline', async () => {
    const { list, fates } = messages(2);
    const seen: unknown[] = [];
    const controller = new AbortController();
    const worker = acknowledge(
      (_message: Message<number>, { signal }) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true })),
      { onError: (reason) => seen.push(reason) },
    );
    const outcomes = list.map((message) => worker(message, { signal: controller.signal, attempt: 1 }));
    controller.abort(new Error('the pipeline was stopped'));
    expect((await Promise.all(outcomes)).map((o) => o.status)).toEqual(['failed', 'failed']);
    expect([...fates.values()]).toEqual([[], []]);
    expect(seen).toEqual([]);
  });

  it('refuses what is not a handler or options', () => {
    expect(() => acknowledge(42 as never)).toThrow(new TypeError('handler must be a function, got number'));
    expect(() => acknowledge(() => 1, { onErr: () => 1 } as never)).toThrow(/unknown option "onErr"/);
    expect(() => acknowledgeBatch(() => 1, { onError: 'x' } as never)).toThrow(new TypeError('onError must be a function, got string'));
  });
});

describe('acknowledgeBatch', () => {
  it('acks every message of a batch whose handler succeeded, fails every message of one that threw', async () => {
    const { list, fates } = messages(10);
    const results = await toArray(
      pipe(
        list,
        batch<Message<number>>({ size: 4 }),
        consumerSupervisor(
          2,
          acknowledgeBatch(async (batch: Message<number>[]) => {
            if (batch.some((m) => m.data === 5)) throw new Error('database refused the batch');
            // The handler may settle single messages itself, as Broadway's Message.failed/2.
            for (const m of batch) if (m.data === 9) m.fail('row 9 invalid');
            return batch.length;
          }, quiet),
        ),
      ),
    );
    expect(results.map((r) => [r.status, r.messages.length]).sort()).toEqual([
      ['acked', 2],
      ['acked', 4],
      ['failed', 4],
    ]);
    const fateOf = (i: number) => fates.get(`${i}-0`)!;
    for (const i of [0, 1, 2, 3, 8]) expect(fateOf(i)).toEqual(['acked']);
    for (const i of [4, 5, 6, 7]) expect(fateOf(i)).toEqual([{ failed: new Error('database refused the batch') }]);
    expect(fateOf(9)).toEqual([{ failed: 'row 9 invalid' }]);
  });

  it('says so when it is not given batches', () => {
    const worker = acknowledgeBatch(() => 1, quiet);
    expect(() => worker({} as never, { signal: new AbortController().signal, attempt: 1 })).toThrow(
      "acknowledgeBatch's handler takes arrays of messages (put batch() before it), got object",
    );
  });
});
