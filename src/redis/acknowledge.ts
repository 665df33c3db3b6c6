// Acknowledging at the end of the pipeline, as Broadway's handle_message / handle_batch: the handler only
// handles; the wrapper acks what succeeded and fails what threw, and a failure never fails the pipeline.
// Built on the broker-neutral Message, so any durable source's messages fit.
import type { Message, WorkerContext } from '../index.js';

/** What a wrapped handler emits for each message: its result, or why it failed (as Promise.allSettled). */
export type Handled<T, R> =
  | { readonly status: 'acked'; readonly message: Message<T>; readonly value: R }
  | { readonly status: 'failed'; readonly message: Message<T>; readonly reason: unknown };

/** What a wrapped batch handler emits for each batch. */
export type HandledBatch<T, R> =
  | { readonly status: 'acked'; readonly messages: readonly Message<T>[]; readonly value: R }
  | { readonly status: 'failed'; readonly messages: readonly Message<T>[]; readonly reason: unknown };

export interface AcknowledgeOptions<T> {
  /** Told of each failure (default: a console.error line naming the message, as Broadway logs failed messages). */
  onError?(reason: unknown, message: Message<T>): void;
}

/**
 * Wraps a handler of one message (Broadway's `handle_message`), for `consumerSupervisor` workers: the message
 * is acknowledged when the handler returns or resolves, failed (left for redelivery, or dead-lettered on its
 * last delivery) when it throws or rejects. The wrapped worker never throws, so the pipeline goes on.
 * A message the handler settled itself (`message.fail()` on a bad payload) stays as it settled it. A handler
 * that throws because the pipeline was cancelled (its `signal` aborted) leaves its message unsettled: pending,
 * for another run or consumer, neither failed nor reported.
 *
 * @example
 * import { createClient } from 'redis';
 * import type { Message } from 'genstage';
 * import { redisStream } from 'genstage/redis';
 *
 * const client = await createClient({ url: 'redis://127.0.0.1:6379' }).connect();
 * await run(pipe(
 *   redisStream<{ url: string }>({ client, stream: 'pages', group: 'scrapers', consumer: 'worker-1' }),
 *   consumerSupervisor(50, acknowledge(async (message: Message<{ url: string }>) => scrape(message.data.url))),
 * ));
 */
export function acknowledge<T, R>(
  handler: (message: Message<T>, context: WorkerContext) => R | PromiseLike<R>,
  options?: AcknowledgeOptions<T>,
): (message: Message<T>, context: WorkerContext) => Handled<T, R> | Promise<Handled<T, R>> {
  checkHandler(handler);
  const onError = checkOnError(options);
  const failed = (message: Message<T>, reason: unknown, context: WorkerContext): Handled<T, R> => {
    if (!cancelled(context)) {
      message.fail(reason);
      report(onError, reason, message);
    }
    return { status: 'failed', message, reason };
  };
  return (message, context) => {
    let result: R | PromiseLike<R>;
    try {
      result = handler(message, context);
    } catch (reason) {
      return failed(message, reason, context);
    }
    // A synchronous handler settles in the same call: no promise per message.
    if (!isThenable(result)) {
      message.ack();
      return { status: 'acked', message, value: result };
    }
    return Promise.resolve(result).then(
      (value): Handled<T, R> => {
        message.ack();
        return { status: 'acked', message, value };
      },
      (reason: unknown) => failed(message, reason, context),
    );
  };
}

/**
 * Wraps a handler of a batch of messages (Broadway's `handle_batch`), for what comes after `batch()`: every
 * message of the batch is acknowledged when the handler succeeds, failed when it throws. Messages the handler
 * settled itself (say it failed the 3 rows the database refused) keep their own fate.
 *
 * @example
 * import { createClient } from 'redis';
 * import { batch } from 'genstage/operators';
 * import type { Message } from 'genstage';
 * import { redisStream } from 'genstage/redis';
 *
 * interface Row { id: number; name: string }
 * declare function insertRows(rows: Row[]): Promise<void>; // your database's bulk insert
 * const client = await createClient({ url: 'redis://127.0.0.1:6379' }).connect();
 * await run(pipe(
 *   redisStream<Row>({
 *     client, stream: 'rows', group: 'loaders', consumer: 'loader-1',
 *     decode: (fields) => ({ id: Number(fields.id), name: String(fields.name) }),
 *   }),
 *   batch({ size: 500, timeMs: 1000 }),
 *   consumerSupervisor(4, acknowledgeBatch(async (messages: Message<Row>[]) => insertRows(messages.map((m) => m.data)))),
 * ));
 */
export function acknowledgeBatch<T, R>(
  handler: (messages: Message<T>[], context: WorkerContext) => R | PromiseLike<R>,
  options?: AcknowledgeOptions<T>,
): (messages: Message<T>[], context: WorkerContext) => HandledBatch<T, R> | Promise<HandledBatch<T, R>> {
  checkHandler(handler);
  const onError = checkOnError(options);
  const acked = (messages: Message<T>[], value: R): HandledBatch<T, R> => {
    for (const message of messages) message.ack();
    return { status: 'acked', messages, value };
  };
  const failed = (messages: Message<T>[], reason: unknown, context: WorkerContext): HandledBatch<T, R> => {
    if (!cancelled(context)) {
      for (const message of messages) {
        message.fail(reason);
        report(onError, reason, message);
      }
    }
    return { status: 'failed', messages, reason };
  };
  return (messages, context) => {
    if (!Array.isArray(messages)) {
      throw new TypeError(`acknowledgeBatch's handler takes arrays of messages (put batch() before it), got ${typeof messages}`);
    }
    let result: R | PromiseLike<R>;
    try {
      result = handler(messages, context);
    } catch (reason) {
      return failed(messages, reason, context);
    }
    if (!isThenable(result)) return acked(messages, result);
    return Promise.resolve(result).then(
      (value) => acked(messages, value),
      (reason: unknown) => failed(messages, reason, context),
    );
  };
}

type OnError<T> = (reason: unknown, message: Message<T>) => void;

// A handler that threw because the pipeline was cancelled (stop({ drain: false }), an aborted signal) says nothing
// about its message: the message stays unsettled, pending for redelivery, and is never dead-lettered for it.
function cancelled(context: WorkerContext | undefined): boolean {
  return context?.signal?.aborted === true;
}

function report<T>(onError: OnError<T>, reason: unknown, message: Message<T>): void {
  try {
    onError(reason, message);
  } catch (error) {
    // A throwing onError must not turn a handled failure into a failed pipeline.
    console.error(error);
  }
}

function checkHandler(handler: unknown): void {
  if (typeof handler !== 'function') {
    throw new TypeError(`handler must be a function, got ${handler === null ? 'null' : typeof handler}`);
  }
}

function checkOnError<T>(options: AcknowledgeOptions<T> | undefined): OnError<T> {
  if (options === undefined) return logFailure;
  if (options === null || typeof options !== 'object') throw new TypeError(`acknowledge options must be an object, got ${String(options)}`);
  for (const key of Object.keys(options)) {
    if (key !== 'onError') throw new TypeError(`acknowledge got an unknown option ${JSON.stringify(key)}; known options: onError`);
  }
  if (options.onError === undefined) return logFailure;
  if (typeof options.onError !== 'function') throw new TypeError(`onError must be a function, got ${typeof options.onError}`);
  return options.onError;
}

function logFailure(reason: unknown, message: Message<unknown>): void {
  console.error(`genstage: message ${message.id} failed on attempt ${message.attempt}`, reason);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  );
}
