// Bad input is refused when the operator is built, with the option, the rule and the value in the message.
import { describe, expect, it } from 'vitest';
import { consumerSupervisor } from '../src/index.js';

const worker = (x: unknown) => x;

describe('consumerSupervisor refuses bad input at once', () => {
  const cases: [string, () => unknown, Error][] = [
    ['maxDemand 0', () => consumerSupervisor(0, worker), new RangeError('maxDemand must be an integer >= 1, got 0')],
    ['fractional maxDemand', () => consumerSupervisor(1.5, worker), new RangeError('maxDemand must be an integer >= 1, got 1.5')],
    ['maxDemand as a string', () => consumerSupervisor('2' as never, worker), new TypeError('maxDemand must be an integer >= 1, got "2"')],
    ['a missing maxDemand', () => consumerSupervisor(undefined as never, worker), new TypeError('maxDemand must be an integer >= 1, got undefined')],
    ['a worker that is not a function', () => consumerSupervisor(2, 42 as never), new TypeError('worker must be a function, got 42')],
    [
      'minDemand equal to maxDemand',
      () => consumerSupervisor(3, worker, { minDemand: 3 }),
      new RangeError('minDemand must be an integer >= 0 and < maxDemand (3), got 3'),
    ],
    [
      'a negative minDemand',
      () => consumerSupervisor(3, worker, { minDemand: -1 }),
      new RangeError('minDemand must be an integer >= 0 and < maxDemand (3), got -1'),
    ],
    [
      "restart 'permanent'",
      () => consumerSupervisor(2, worker, { restart: 'permanent' as never }),
      new RangeError(
        'restart must be one of "transient", "temporary", got "permanent": ConsumerSupervisor does not support ' +
          'permanent workers (a worker ends once its event is handled), as in GenStage',
      ),
    ],
    [
      'an unknown restart value',
      () => consumerSupervisor(2, worker, { restart: 'always' as never }),
      new RangeError('restart must be one of "transient", "temporary", got "always"'),
    ],
    [
      'a restart value that is not a string',
      () => consumerSupervisor(2, worker, { restart: 1 as never }),
      new TypeError('restart must be one of "transient", "temporary", got 1'),
    ],
    ['a negative maxRestarts', () => consumerSupervisor(2, worker, { maxRestarts: -1 }), new RangeError('maxRestarts must be an integer >= 0, got -1')],
    ['a fractional maxSeconds', () => consumerSupervisor(2, worker, { maxSeconds: 1.5 }), new RangeError('maxSeconds must be an integer >= 0, got 1.5')],
    ['a negative maxSeconds', () => consumerSupervisor(2, worker, { maxSeconds: -5 }), new RangeError('maxSeconds must be an integer >= 0, got -5')],
    ['ordered that is not a boolean', () => consumerSupervisor(2, worker, { ordered: 'yes' as never }), new TypeError('ordered must be a boolean, got "yes"')],
    ['onError that is not a function', () => consumerSupervisor(2, worker, { onError: 1 as never }), new TypeError('onError must be a function, got 1')],
    ['an empty name', () => consumerSupervisor(2, worker, { name: '' }), new RangeError('name must be a non-empty string, got ""')],
    [
      'an unknown option',
      () => consumerSupervisor(2, worker, { maxDemand: 4 } as never),
      new TypeError(
        'consumerSupervisor got an unknown option "maxDemand"; known options: minDemand, restart, maxRestarts, maxSeconds, ordered, onError, name, trace',
      ),
    ],
    ['options that are not an object', () => consumerSupervisor(2, worker, 5 as never), new TypeError('consumerSupervisor options must be an object, got 5')],
  ];

  for (const [what, build, expected] of cases) {
    it(`refuses ${what}`, () => {
      let thrown: unknown;
      try {
        build();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(expected.constructor);
      expect((thrown as Error).message).toBe(expected.message);
    });
  }

  it('accepts the GenStage defaults and their limits', () => {
    expect(() => consumerSupervisor(1, worker, { minDemand: 0, maxRestarts: 0, maxSeconds: 0 })).not.toThrow();
    expect(() => consumerSupervisor(2, worker, { restart: 'temporary', ordered: true, onError() {}, name: 'S' })).not.toThrow();
  });
});
