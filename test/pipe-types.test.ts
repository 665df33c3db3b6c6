// pipe() is typed through 22 operators; a wrong operator type in the chain is a compile error.
// These assertions are checked by the type-checker (npm run typecheck) and run as ordinary tests.
import { describe, expectTypeOf, it } from 'vitest';
import { from, pipe, producerConsumer, toArray, type Operator, type Stage } from '../src/index.js';

const inc = producerConsumer((xs: number[]) => xs.map((x) => x + 1));
const toText = producerConsumer((xs: number[]) => xs.map(String));
const length = producerConsumer((xs: string[]) => xs.map((s) => s.length));

describe('pipe types', () => {
  it('infers each step of a chain', async () => {
    const stage = pipe(from([1, 2, 3]), inc, toText);
    expectTypeOf(stage).toEqualTypeOf<Stage<string>>();
    expectTypeOf(from([1]).pipe(inc, toText, length)).toEqualTypeOf<Stage<number>>();
    expectTypeOf(pipe([1, 2], inc)).toEqualTypeOf<Stage<number>>();
    expectTypeOf(await toArray(stage)).toEqualTypeOf<string[]>();
  });

  it('infers an unannotated handler from the chain', () => {
    const stage = pipe(from(['a', 'b']), producerConsumer((xs) => xs.map((s) => s.toUpperCase())));
    expectTypeOf(stage).toEqualTypeOf<Stage<string>>();
  });

  it('types 22 operators in a row', async () => {
    const long = pipe(
      from([0]),
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
    );
    expectTypeOf(long).toEqualTypeOf<Stage<number>>();
    const method = from([0]).pipe(
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
    );
    expectTypeOf(method).toEqualTypeOf<Stage<number>>();
    expectTypeOf(await toArray(long)).toEqualTypeOf<number[]>();
  });

  it('composes operators without a source (RxJS standalone pipe)', async () => {
    const part = pipe(inc, toText, length);
    expectTypeOf(part).toEqualTypeOf<Operator<number, number>>();
    expectTypeOf(pipe(from([1]), part)).toEqualTypeOf<Stage<number>>();
  });

  it('rejects a wrong operator type at compile time', () => {
    // @ts-expect-error: length takes strings, the source gives numbers
    pipe(from([1, 2]), length);
    // @ts-expect-error: the third step expects strings but gets numbers
    from([1]).pipe(inc, inc, length);
    // @ts-expect-error: composing number→string with number→number
    pipe(toText, inc);
  });
});
