// Node streams (objectMode), written as the Node docs show: `pipeline()` of Transform streams into a Writable,
// and `Readable.prototype.map` with `concurrency` for S2.
import { PassThrough, Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Contender } from '../types.js';

function mapStream<A, B>(f: (a: A) => B): Transform {
  return new Transform({
    objectMode: true,
    transform(chunk: A, _encoding, callback) {
      callback(null, f(chunk));
    },
  });
}

function filterStream<A>(keep: (a: A) => boolean): Transform {
  return new Transform({
    objectMode: true,
    transform(chunk: A, _encoding, callback) {
      if (keep(chunk)) callback(null, chunk);
      else callback();
    },
  });
}

/** A Writable calling `take` per chunk; a throwing `take` fails the pipeline instead of escaping the stream. */
function writeEach<T>(take: (x: T) => void): Writable {
  return new Writable({
    objectMode: true,
    write(chunk: T, _encoding, callback) {
      try {
        take(chunk);
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}

/** Node has no merge: pipe every source into one PassThrough without ending it, end it after the last. */
function mergeReadables(sources: Readable[]): Readable {
  const merged = new PassThrough({ objectMode: true });
  let open = sources.length;
  for (const source of sources) {
    source.once('end', () => {
      if (--open === 0) merged.end();
    });
    source.once('error', (error) => merged.destroy(error));
    source.pipe(merged, { end: false });
  }
  return merged;
}

export const contenders: Contender[] = [
  {
    id: 'Node streams',
    kind: 'peer',
    how: '`pipeline(Readable.from(data), Transform…, Writable)` in objectMode; S2 `Readable.from(items).map(work, { concurrency: 50 })`; S5 sources piped into one PassThrough',
    async S1(data) {
      let sum = 0;
      await pipeline(
        Readable.from(data),
        mapStream((x: number) => x * 2),
        filterStream((x: number) => x % 3 !== 0),
        mapStream((x: number) => x + 1),
        writeEach((x: number) => {
          sum += x;
        }),
      );
      return sum;
    },
    S2(items, work, limit) {
      return Readable.from(items)
        .map((x: number) => work(x), { concurrency: limit })
        .reduce((a: number, x: number) => a + x, 0);
    },
    S3: { na: 'no work-sharing: a Readable piped to several Writables sends every chunk to all of them' },
    async S4(source, sink) {
      await pipeline(Readable.from(source()), mapStream((x: number) => x * 2), mapStream((x: number) => x + 1), writeEach((x: number) => sink.take(x)));
    },
    async S5(sources, tally) {
      await pipeline(mergeReadables(sources.map((source) => Readable.from(source))), writeEach((x: number) => tally.take(x)));
    },
  },
];
