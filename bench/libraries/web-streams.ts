// WHATWG Web Streams as Node ships them: `ReadableStream.from`, `pipeThrough(TransformStream)`, `pipeTo(WritableStream)`.
import { ReadableStream, TransformStream, WritableStream } from 'node:stream/web';
import type { Contender } from '../types.js';

function mapStream<A, B>(f: (a: A) => B): TransformStream<A, B> {
  return new TransformStream<A, B>({
    transform(chunk, controller) {
      controller.enqueue(f(chunk));
    },
  });
}

function filterStream<A>(keep: (a: A) => boolean): TransformStream<A, A> {
  return new TransformStream<A, A>({
    transform(chunk, controller) {
      if (keep(chunk)) controller.enqueue(chunk);
    },
  });
}

function writeEach<T>(take: (x: T) => void): WritableStream<T> {
  return new WritableStream<T>({ write: take });
}

export const contenders: Contender[] = [
  {
    id: 'Web Streams',
    kind: 'peer',
    how: '`ReadableStream.from(data).pipeThrough(TransformStream)…pipeTo(WritableStream)`',
    async S1(data) {
      let sum = 0;
      await ReadableStream.from(data)
        .pipeThrough(mapStream((x: number) => x * 2))
        .pipeThrough(filterStream((x: number) => x % 3 !== 0))
        .pipeThrough(mapStream((x: number) => x + 1))
        .pipeTo(writeEach((x: number) => (sum += x)));
      return sum;
    },
    S2: { na: 'no concurrency: a TransformStream handles one chunk at a time' },
    S3: { na: 'no work-sharing: a stream has one locked reader, and tee() copies every chunk to both branches' },
    async S4(source, sink) {
      await ReadableStream.from(source())
        .pipeThrough(mapStream((x: number) => x * 2))
        .pipeThrough(mapStream((x: number) => x + 1))
        .pipeTo(writeEach((x: number) => sink.take(x)));
    },
    S5: { na: 'no merge: nothing combines several ReadableStreams' },
  },
];
