// The stage kinds of the fairness probe, each an endless synchronous pipeline (no side effect on import, so
// the test can list them).
import { consumerSupervisor, from, merge, parallel, pipe, producer, producerConsumer, type Stage } from '../../../src/index.js';
import { batch, buffer, filter, map } from '../../../operators/index.js';
import { endless } from './report.js';

const source = () => from(endless().generate());

/** An endless synchronous producer: handleDemand(n) returns the next n integers at once. */
function countingProducer() {
  let next = 0;
  return producer<number>({ handleDemand: (n) => Array.from({ length: n }, () => next++) });
}

export const kinds: Record<string, () => Stage<unknown>> = {
  'from(endless generator)': () => source(),
  'producer (handleDemand)': () => countingProducer(),
  'producer -> producerConsumer': () => pipe(countingProducer(), producerConsumer((xs: number[]) => xs)),
  producerConsumer: () => pipe(source(), producerConsumer((xs: number[]) => xs)),
  'fused map+filter': () => pipe(source(), map((x: number) => x + 1), filter((x: number) => x % 2 === 0)),
  merge: () => merge(source(), source()),
  batch: () => pipe(source(), batch<number>({ size: 10 })),
  buffer: () => pipe(source(), buffer<number>({ size: 100 })),
  'consumerSupervisor (sync worker)': () => pipe(source(), consumerSupervisor(4, (x: number) => x)),
  parallel: () => pipe(source(), parallel(2, map((x: number) => x + 1))),
};

