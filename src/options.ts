// Validation of the options stages share: dispatcher and buffer.
import type { BufferKeep } from './protocol/ring-buffer.js';
import { isDispatcherFactory, type DispatcherFactory } from './dispatchers/dispatcher.js';
import { checkInteger, checkOneOf, checkOptionalFunction, show } from './validate.js';

export const DEFAULT_BUFFER_SIZE = 10_000;

export function checkDispatcher<T>(value: unknown): DispatcherFactory<T> | undefined {
  if (value === undefined) return undefined;
  if (!isDispatcherFactory(value)) {
    throw new TypeError(
      `dispatcher must be a dispatcher such as demandDispatcher(), broadcastDispatcher() or partitionDispatcher({ partitions }), got ${show(value)}`,
    );
  }
  return value as DispatcherFactory<T>;
}

export interface BufferOptions {
  bufferSize?: number;
  bufferKeep?: BufferKeep;
  onDiscard?: (count: number) => void;
}

export function checkBuffer(
  options: BufferOptions,
  defaultSize: number,
): { bufferSize: number; bufferKeep: BufferKeep; onDiscard: ((count: number) => void) | undefined } {
  return {
    bufferSize:
      options.bufferSize === undefined ? defaultSize : checkInteger('bufferSize', options.bufferSize, 0, { infinite: true }),
    bufferKeep: options.bufferKeep === undefined ? 'last' : checkOneOf('bufferKeep', options.bufferKeep, ['first', 'last']),
    onDiscard: checkOptionalFunction('onDiscard', options.onDiscard),
  };
}
