// The stage kinds of the bounds probe, each one stage over a given source (no side effect on import, so the
// test can list them).
import { consumerSupervisor, from, merge, pipe, producerConsumer, type Stage } from '../../../src/index.js';
import { batch, filter, map } from '../../../operators/index.js';

export const kinds: Record<string, (source: Stage<number>) => Stage<unknown>> = {
  producerConsumer: (source) => pipe(source, producerConsumer((xs: number[]) => xs)),
  // The filter keeps every event, so events in and out of the stage can be compared one for one.
  'fused map+filter': (source) => pipe(source, map((x: number) => x * 2), filter((x: number) => x >= 0)),
  merge: (source) => merge(source, from([] as number[])),
  batch: (source) => pipe(source, batch<number>({ size: 10 })),
  consumerSupervisor: (source) => pipe(source, consumerSupervisor(4, (x: number) => x)),
};

export const sources = ['a producer written 100,000 events', 'an endless synchronous generator'] as const;
