// The corpus format (genstage-corpus/1): scenarios recorded on real GenStage, and how to read a corpus file.
import { readFileSync } from 'node:fs';

export type DispatcherSpec =
  | { type: 'demand' }
  | { type: 'broadcast' }
  | { type: 'partition'; partitions: number; hash: 'negative-none-else-rem' };

export interface ProducerSpec {
  buffer_size: number | 'infinity' | null;
  buffer_keep: 'first' | 'last';
  demand: 'none' | 'counter' | 'half';
  limit: number;
  dispatcher: DispatcherSpec;
}

export interface ProducerConsumerSpec {
  max_demand: number | null;
  min_demand: number | null;
  transform: 'double' | 'drop-odd' | 'dup';
  dispatcher: DispatcherSpec;
}

export type Step =
  | {
      op: 'subscribe';
      consumer: number;
      mode: 'manual' | 'auto';
      max_demand: number | null;
      min_demand: number | null;
      selector: string | null;
      partition: number | null;
    }
  | { op: 'ask'; consumer: number; n: number }
  | { op: 'push'; events: number[] }
  | { op: 'cancel'; consumer: number }
  | { op: 'end' };

/** What happened during one step, once everything settled. */
export interface Observation {
  step: number;
  demands: number[];
  discards: number[];
  batches: Record<string, number[][]>;
  done: number[];
  buffered: number;
  pc_events?: number[][];
  pc_buffered?: number;
  /** Replayer only: anything genstage threw or rejected with that the scenario does not call for. */
  errors?: string[];
}

export interface Scenario {
  id: string;
  seed: number;
  description: string;
  producer: ProducerSpec;
  producer_consumer: ProducerConsumerSpec | null;
  steps: Step[];
  observed: Observation[];
  deliberate: string[];
  partition_queue_peak?: number[];
}

export interface Corpus {
  format: string;
  source: string;
  count: number;
  scenarios: Scenario[];
}

export function loadCorpus(path: string): Corpus {
  const corpus = JSON.parse(readFileSync(path, 'utf8')) as Corpus;
  if (corpus.format !== 'genstage-corpus/1') {
    throw new Error(`${path}: expected format genstage-corpus/1, got ${JSON.stringify(corpus.format)}`);
  }
  if (!Array.isArray(corpus.scenarios)) throw new Error(`${path}: no scenarios array`);
  return corpus;
}

/** The corpus's selector menu, in JS (the same for negative integers as Elixir's `rem`). */
export function selectorFor(name: string | null): ((event: number) => boolean) | undefined {
  if (name === null || name === 'all') return undefined;
  if (name === 'even') return (e) => e % 2 === 0;
  if (name === 'odd') return (e) => e % 2 !== 0;
  const match = /^(gte|lt):(-?\d+)$/.exec(name);
  if (match === null) throw new Error(`unknown selector ${JSON.stringify(name)}`);
  const bound = Number(match[2]);
  return match[1] === 'gte' ? (e) => e >= bound : (e) => e < bound;
}

/** The producer_consumer's `handle_events` transforms. */
export function transformFor(name: ProducerConsumerSpec['transform']): (events: number[]) => number[] {
  switch (name) {
    case 'double':
      return (events) => events.map((e) => e * 2);
    case 'drop-odd':
      return (events) => events.filter((e) => e % 2 === 0);
    case 'dup':
      return (events) => events.flatMap((e) => [e, e]);
    default:
      throw new Error(`unknown transform ${JSON.stringify(name)}`);
  }
}
