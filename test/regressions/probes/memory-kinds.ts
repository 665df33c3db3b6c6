// The lossy buffers of the memory probe, each flooded with EVENTS events that nobody takes (no side effect on
// import, so the test can list them).
import { Subject } from 'rxjs';
import { from, pipe, producer, type Stage } from '../../../src/index.js';
import { buffer } from '../../../operators/index.js';
import { fromObservable } from '../../../src/rxjs/index.js';
import { settle } from './report.js';

export const EVENTS = 500_000;
const CHUNK = 10;
const quiet = () => undefined; // the discard report is not what is measured

function chunk(i: number): number[] {
  return Array.from({ length: CHUNK }, (_, j) => i + j);
}

export interface Case {
  stage: Stage<number>;
  /** Sends the events; resolves once the lossy buffer saw them all. */
  flood(): Promise<void>;
}

export const kinds: Record<string, () => Case> = {
  "producer({ bufferSize: 1000, bufferKeep: 'last' }) pushed": () => {
    const p = producer<number>({ bufferSize: 1000, bufferKeep: 'last', onDiscard: quiet });
    return {
      stage: p,
      async flood() {
        for (let i = 0; i < EVENTS; i += CHUNK) p.push(chunk(i));
      },
    };
  },
  "fromObservable(subject, { bufferSize: 1000, bufferKeep: 'last' })": () => {
    const subject = new Subject<number>();
    return {
      stage: fromObservable(subject, { bufferSize: 1000, bufferKeep: 'last', onDiscard: quiet }),
      async flood() {
        for (let i = 0; i < EVENTS; i++) subject.next(i);
      },
    };
  },
  "buffer({ size: 1000, keep: 'last' }) over a generator": () => {
    const state = { pulled: 0 };
    function* numbers() {
      while (state.pulled < EVENTS) yield state.pulled++;
    }
    return {
      stage: pipe(from(numbers()), buffer<number>({ size: 1000, keep: 'last', onDiscard: quiet })),
      async flood() {
        const deadline = Date.now() + 5000;
        while (state.pulled < EVENTS && Date.now() < deadline) await settle(1);
      },
    };
  },
};
