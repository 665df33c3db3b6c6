// Bad arguments are refused when the operator is built, with `<option> must be <rule>, got <value>`.
import { describe, expect, it } from 'vitest';
import * as op from '../operators/index.js';
import type { Operator } from '../src/index.js';

const noop = () => undefined;
type Call = [string, () => unknown, Error];

describe('operator arguments', () => {
  const cases: Call[] = [
    ['map fn', () => op.map(3 as never), new TypeError('fn must be a function, got 3')],
    ['filter pred', () => op.filter(null as never), new TypeError('pred must be a function, got null')],
    ['tap fn', () => op.tap('x' as never), new TypeError('fn must be a function, got "x"')],
    ['scan fn', () => op.scan({} as never, 0), new TypeError('fn must be a function, got an object')],
    ['take negative', () => op.take(-1), new RangeError('n must be an integer >= 0 or Infinity, got -1')],
    ['take fraction', () => op.take(1.5), new RangeError('n must be an integer >= 0 or Infinity, got 1.5')],
    ['take string', () => op.take('3' as never), new TypeError('n must be an integer >= 0 or Infinity, got "3"')],
    ['skip negative', () => op.skip(-2), new RangeError('n must be an integer >= 0, got -2')],
    ['takeWhile pred', () => op.takeWhile(1 as never), new TypeError('pred must be a function, got 1')],
    ['takeWhile inclusive', () => op.takeWhile(() => true, 'yes' as never), new TypeError('inclusive must be a boolean, got "yes"')],
    ['skipWhile pred', () => op.skipWhile(undefined as never), new TypeError('pred must be a function, got undefined')],
    ['distinctUntilChanged compare', () => op.distinctUntilChanged(5 as never), new TypeError('compare must be a function, got 5')],
    ['distinctUntilChanged keySelector', () => op.distinctUntilChanged(undefined, 5 as never), new TypeError('keySelector must be a function, got 5')],
    ['flatMap fn', () => op.flatMap([] as never), new TypeError('fn must be a function, got an array of 0')],
    ['batch without options', () => op.batch(undefined as never), new TypeError('size must be an integer >= 1, got undefined')],
    ['batch size', () => op.batch({ size: 0 }), new RangeError('size must be an integer >= 1, got 0')],
    ['batch timeMs', () => op.batch({ size: 2, timeMs: -1 }), new RangeError('timeMs must be a finite number >= 0, got -1')],
    ['rateLimit allowed', () => op.rateLimit({ allowed: 0, intervalMs: 10 }), new RangeError('allowed must be an integer >= 1, got 0')],
    ['rateLimit intervalMs', () => op.rateLimit({ allowed: 1, intervalMs: 0 }), new RangeError('intervalMs must be a finite number > 0, got 0')],
    ['rateLimit intervalMs type', () => op.rateLimit({ allowed: 1, intervalMs: '1s' as never }), new TypeError('intervalMs must be a finite number > 0, got "1s"')],
    ['buffer size', () => op.buffer({ size: 0 }), new RangeError('size must be an integer >= 1 or Infinity, got 0')],
    ['buffer keep', () => op.buffer({ size: 1, keep: 'middle' as never }), new RangeError('keep must be one of "first", "last", "block", got "middle"')],
    ['buffer onDiscard', () => op.buffer({ size: 1, keep: 'last', onDiscard: 1 as never }), new TypeError('onDiscard must be a function, got 1')],
    ['catchError fn', () => op.catchError(undefined as never), new TypeError('fn must be a function, got undefined')],
    ['retry count', () => op.retry({ count: -1 }), new RangeError('count must be an integer >= 0 or Infinity, got -1')],
    ['retry delayMs', () => op.retry({ delayMs: -5 }), new RangeError('delayMs must be a finite number >= 0, got -5')],
    ['retry options', () => op.retry('twice' as never), new TypeError('retry options must be an object, got "twice"')],
    ['finalize fn', () => op.finalize(true as never), new TypeError('fn must be a function, got true')],
    ['timeout ms', () => op.timeout({ ms: -1 }), new RangeError('ms must be a finite number >= 0, got -1')],
    ['timeout without each', () => op.timeout({} as never), new TypeError('each must be a number >= 0, got undefined')],
  ];

  it.each(cases)('%s', (_, call, expected) => {
    expect(call).toThrow(expected);
    try {
      call();
    } catch (error) {
      expect((error as Error).constructor).toBe(expected.constructor);
    }
  });

  it('refuses unknown option keys', () => {
    expect(() => op.batch({ size: 1, time: 5 } as never)).toThrow(
      new TypeError('batch got an unknown option "time"; known options: size, timeMs'),
    );
    expect(() => op.rateLimit({ allowed: 1, intervalMs: 1, burst: 2 } as never)).toThrow(TypeError);
    expect(() => op.buffer({ size: 1, bufferSize: 2 } as never)).toThrow(TypeError);
    expect(() => op.retry({ times: 2 } as never)).toThrow(TypeError);
    expect(() => op.timeout({ ms: 1, each: 2 } as never)).toThrow(TypeError);
  });

  it('an operator applied to something that is not a source throws a TypeError at once', () => {
    const operators: Operator<number, unknown>[] = [op.map((x: number) => x), op.batch({ size: 2 }), op.finalize(noop)];
    for (const operator of operators) {
      expect(() => operator(42 as never)).toThrow(new TypeError('source must be an Iterable or AsyncIterable, got 42'));
    }
  });
});
