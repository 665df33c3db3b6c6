// Error messages point at the mistake: what was given, described readably, and what was probably meant.
import { describe, expect, it } from 'vitest';
import { consumerSupervisor, from, pipe, producer, start } from '../src/index.js';
import { batch, map, pairwise, take } from '../operators/index.js';
import { show } from '../src/validate.js';

describe('show() describes a rejected value readably', () => {
  it.each([
    [from([1], { name: 'pages' }), 'the from stage "pages"'],
    [producer({ name: 'PageProducer' }).subscribe({ maxDemand: 1 }), 'the producer stage "PageProducer"'],
    [map, 'the function map'],
    [map((x: number) => x), 'an anonymous function'],
    ['x'.repeat(50), JSON.stringify(`${'x'.repeat(37)}...`)],
    [new Map(), 'a Map'],
    [{}, 'an object'],
    [[1, 2], 'an array of 2'],
    [null, 'null'],
  ])('%#: %s', (value, expected) => {
    expect(show(value)).toBe(expected);
  });
});

describe('an operator factory given to pipe() instead of an operator', () => {
  it.each([
    ['map', () => pipe(from([1], { name: 'numbers' }), map as never), 'map', 'fn must be a function, got the from stage "numbers"'],
    ['take', () => pipe(from([1], { name: 'numbers' }), take as never), 'take', 'got the from stage "numbers"'],
    ['batch', () => pipe(from([1], { name: 'numbers' }), batch as never), 'batch', 'batch options must be an object, got the from stage "numbers"'],
    ['consumerSupervisor', () => from([1], { name: 'numbers' }).pipe(consumerSupervisor as never), 'consumerSupervisor', 'maxDemand must be'],
  ])('%s: says which operator, what was meant and what the factory said', (_, build, name, said) => {
    expect(build).toThrow(TypeError);
    expect(build).toThrow(`operator 1 is ${name}, an operator factory, not an operator: did you mean ${name}(…)?`);
    expect(build).toThrow(said);
  });

  it('a factory that takes no arguments returns an operator instead of a stage: the same hint', () => {
    expect(() => pipe([1, 2], map((x: number) => x), pairwise as never)).toThrow(
      'operator 2 is pairwise, an operator factory, not an operator: did you mean pairwise(…)? (given the source, it returned an anonymous function, not a stage)',
    );
  });

  it('keeps the factory’s own error as the cause', () => {
    try {
      pipe([1], map as never);
      expect.unreachable();
    } catch (error) {
      expect((error as Error).cause).toBeInstanceOf(TypeError);
      expect(((error as Error).cause as Error).message).toMatch(/^fn must be a function, got the from stage "from-\d+"$/);
    }
  });

  it('an operator whose own check fails for another reason keeps its error as is', () => {
    const strict = () => {
      throw new TypeError('needs a config file');
    };
    expect(() => pipe([1], strict)).toThrow(new TypeError('needs a config file'));
  });
});

describe('a function where a source belongs', () => {
  it('start(operator) says the operator has no source', () => {
    expect(() => start(map((x: number) => x) as never)).toThrow(
      new TypeError(
        'pipeline must be an Iterable or AsyncIterable, got an anonymous function: an operator reads from a source; give it one, as pipe(source, operator)',
      ),
    );
  });

  it('from(generatorFunction) says to call it', () => {
    async function* pages() {
      yield 'page1';
    }
    expect(() => from(pages as never)).toThrow(
      new TypeError(
        'source must be an Iterable or AsyncIterable, got the function pages: call the generator function to get its iterator, as from(pages())',
      ),
    );
  });
});
