// The buffer between a push source (an Observable) and pull consumers: the producer's rules (bufferSize,
// bufferKeep 'first' | 'last', GenStage's discard report), plus 'error' for users who must not lose data.
import type { BufferKeep } from '../protocol/ring-buffer.js';
import { checkBuffer, DEFAULT_BUFFER_SIZE } from '../options.js';
import { checkOneOf } from '../validate.js';

/** What to do when an observable pushes more than subscribers asked for and the buffer holds: drop (`'first'`, `'last'`) or fail (`'error'`). */
export type ObservableBufferKeep = BufferKeep | 'error';

export interface ObservableBufferOptions {
  /** Events kept while nobody asks for them (default 10 000; `Infinity` allowed). */
  bufferSize?: number;
  /**
   * On overflow: `'last'` (default) drops the oldest events, `'first'` drops the new ones, `'error'` loses
   * nothing: it unsubscribes, delivers what the buffer holds, then fails the stage with a `BufferOverflowError`.
   */
  bufferKeep?: ObservableBufferKeep;
  /** Called with the count of events dropped by one synchronous burst; the default prints GenStage's warning. */
  onDiscard?(count: number): void;
}

export interface ObservableBuffer {
  bufferSize: number;
  bufferKeep: ObservableBufferKeep;
  onDiscard: ((count: number) => void) | undefined;
}

export const BUFFER_KEYS = ['bufferSize', 'bufferKeep', 'onDiscard'] as const;

/** Validates the buffer options when the stage or operator is built. */
export function checkObservableBuffer(options: ObservableBufferOptions): ObservableBuffer {
  const bufferKeep =
    options.bufferKeep === undefined ? 'last' : checkOneOf('bufferKeep', options.bufferKeep, ['first', 'last', 'error']);
  const { bufferSize, onDiscard } = checkBuffer({ bufferSize: options.bufferSize, onDiscard: options.onDiscard }, DEFAULT_BUFFER_SIZE);
  return { bufferSize, bufferKeep, onDiscard };
}

/** The stage failed rather than drop events (`bufferKeep: 'error'`). */
export class BufferOverflowError extends Error {
  override readonly name = 'BufferOverflowError';

  constructor(readonly stage: string, readonly bufferSize: number) {
    super(
      `genstage ${stage} overflowed its buffer of ${bufferSize} events (bufferKeep: 'error'): ` +
        'the observable pushed more than its subscribers asked for and the buffer could hold',
    );
  }
}
