// Bad input gets a clear error at once, naming the option, the rule and the value (DESIGN.md §6).
import { describe, expect, it } from 'vitest';
import { consume, demandDispatcher, from, openSubscription, pipe, producer, producerConsumer, run, toArray } from '../src/index.js';

const identity = (xs: number[]) => xs;

type Case = [label: string, build: () => unknown, error: typeof TypeError | typeof RangeError, message: string];

const cases: Case[] = [
  ['maxDemand 0', () => producerConsumer(identity, { maxDemand: 0 }), RangeError, 'maxDemand must be an integer >= 1, got 0'],
  ['maxDemand fraction', () => producerConsumer(identity, { maxDemand: 1.5 }), RangeError, 'maxDemand must be an integer >= 1, got 1.5'],
  ['maxDemand NaN', () => producerConsumer(identity, { maxDemand: NaN }), RangeError, 'maxDemand must be an integer >= 1, got NaN'],
  ['maxDemand Infinity', () => producerConsumer(identity, { maxDemand: Infinity }), RangeError, 'maxDemand must be an integer >= 1, got Infinity'],
  ['maxDemand string', () => producerConsumer(identity, { maxDemand: '3' as never }), TypeError, 'maxDemand must be an integer >= 1, got "3"'],
  ['minDemand = maxDemand', () => producerConsumer(identity, { maxDemand: 3, minDemand: 3 }), RangeError, 'minDemand must be an integer >= 0 and < maxDemand (3), got 3'],
  ['minDemand > default max', () => producerConsumer(identity, { minDemand: 2000 }), RangeError, 'minDemand must be an integer >= 0 and < maxDemand (1000), got 2000'],
  ['minDemand negative', () => producerConsumer(identity, { minDemand: -1 }), RangeError, 'minDemand must be an integer >= 0 and < maxDemand (1000), got -1'],
  ['handleEvents not a function', () => producerConsumer(42 as never), TypeError, 'handleEvents must be a function, got 42'],
  ['unknown producerConsumer option', () => producerConsumer(identity, { maxDemnad: 3 } as never), TypeError, 'producerConsumer got an unknown option "maxDemnad"'],
  ['producerConsumer on a number', () => producerConsumer(identity)(5 as never), TypeError, 'source must be an Iterable or AsyncIterable, got 5'],
  ['bufferSize negative', () => producer({ bufferSize: -1 }), RangeError, 'bufferSize must be an integer >= 0 or Infinity, got -1'],
  ['bufferSize fraction', () => producer({ bufferSize: 2.5 }), RangeError, 'bufferSize must be an integer >= 0 or Infinity, got 2.5'],
  ['bufferSize string', () => producer({ bufferSize: '10' as never }), TypeError, 'bufferSize must be an integer >= 0 or Infinity, got "10"'],
  ['bufferKeep unknown', () => producer({ bufferKeep: 'middle' as never }), RangeError, 'bufferKeep must be one of "first", "last", got "middle"'],
  ['handleDemand not a function', () => producer({ handleDemand: 'x' as never }), TypeError, 'handleDemand must be a function, got "x"'],
  ['onDiscard not a function', () => producer({ onDiscard: 1 as never }), TypeError, 'onDiscard must be a function, got 1'],
  ['name empty', () => producer({ name: '' }), RangeError, 'name must be a non-empty string, got ""'],
  ['dispatcher not a dispatcher', () => producer({ dispatcher: 0 as never }), TypeError, 'dispatcher must be a dispatcher'],
  ['unknown producer option', () => producer({ buffer_size: 3 } as never), TypeError, 'producer got an unknown option "buffer_size"'],
  ['options not an object', () => producer(5 as never), TypeError, 'producer options must be an object, got 5'],
  ['from a number', () => from(42 as never), TypeError, 'source must be an Iterable or AsyncIterable, got 42'],
  ['from a string', () => from('abc' as never), TypeError, 'source must be an Iterable or AsyncIterable, got "abc"'],
  ['from null', () => from(null as never), TypeError, 'source must be an Iterable or AsyncIterable, got null'],
  ['from unknown option', () => from([1], { bufferSize: 3 } as never), TypeError, 'from got an unknown option "bufferSize"'],
  ['consume non-function', () => consume([1], null as never), TypeError, 'handleEvents must be a function, got null'],
  ['consume bad demand', () => consume([1], () => {}, { maxDemand: -5 }), RangeError, 'maxDemand must be an integer >= 1, got -5'],
  ['consume bad signal', () => consume([1], () => {}, { signal: {} as never }), TypeError, 'signal must be an AbortSignal, got an object'],
  ['consume non-iterable', () => consume({} as never, () => {}), TypeError, 'source must be an Iterable or AsyncIterable, got an object'],
  ['run unknown option', () => run([1], { maxDemand: 3 } as never), TypeError, 'run got an unknown option "maxDemand"'],
  ['toArray non-iterable', () => toArray(3 as never), TypeError, 'source must be an Iterable or AsyncIterable, got 3'],
  ['pipe non-function operator', () => pipe([1], 'map' as never), TypeError, 'operator 1 must be a function, got "map"'],
  ['pipe composed non-function', () => pipe(identity as never, 3 as never), TypeError, 'operator 2 must be a function, got 3'],
  ['subscribe bad demand', () => producer().subscribe({ maxDemand: 0 }), RangeError, 'maxDemand must be an integer >= 1, got 0'],
  ['subscribe unknown option', () => producer().subscribe({ max_demand: 1 } as never), TypeError, 'subscribe got an unknown option "max_demand"'],
  ['subscribe selector not a function', () => producer().subscribe({ selector: true as never }), TypeError, 'selector must be a function, got true'],
  ['openSubscription bad demand', () => openSubscription([1], { minDemand: 1.5 }), RangeError, 'minDemand must be an integer >= 0 and < maxDemand (1000), got 1.5'],
  ['demandDispatcher unknown option', () => demandDispatcher({ shuffle: true } as never), TypeError, 'demandDispatcher got an unknown option "shuffle"'],
  ['push a non-iterable', () => producer().push(5 as never), TypeError, 'push: events must be an iterable of events, got 5'],
  ['ask a negative count', () => openSubscription(producer()).ask(-1), RangeError, 'ask: n must be an integer >= 0, got -1'],
];

describe('bad input is refused at once with a clear message', () => {
  it.each(cases)('%s', (_label, build, errorType, message) => {
    let thrown: unknown;
    try {
      build();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(errorType);
    expect((thrown as Error).message).toContain(message);
  });

  it('starts nothing when a later stage of the pipeline is refused', () => {
    let pulled = 0;
    function* source() {
      for (;;) yield pulled++;
    }
    expect(() => pipe(from(source()), producerConsumer(identity, { maxDemand: 0 }))).toThrow(RangeError);
    expect(pulled).toBe(0);
  });

  it('write() rejects non-iterables instead of throwing', async () => {
    await expect(producer().write(3 as never)).rejects.toThrow(TypeError);
  });
});
