// The sources of the random pipelines (test/model.ts): every way events enter genstage, each able to fail on
// its `failAt`-th pull, call or chunk with the probe's error, and each reporting what it does to the probe.
import { asapScheduler, concat, defer, from as rxFrom, scheduled, throwError, type Observable } from 'rxjs';
import { from, producer, type Producer, type Stage } from '../src/index.js';
import { fromObservable } from '../src/rxjs/index.js';
import type { SourceSpec } from './model.js';
import type { Probe } from './reliability-probes.js';

/** How a handler, worker or source answers: at once, with a resolved promise, after microtasks, after a timer. */
export type Mode = 'sync' | 'async' | 'micro' | 'timer';

/** Answers `value()` the way `mode` says; a throw becomes a synchronous throw or a rejection accordingly. */
export function timed<T>(mode: Mode, value: () => T): T | Promise<T> {
  switch (mode) {
    case 'sync':
      return value();
    case 'async':
      return Promise.resolve().then(value);
    case 'micro':
      return Promise.resolve().then(() => null).then(() => null).then(value);
    case 'timer':
      return new Promise<void>((resolve) => setTimeout(resolve, 0)).then(value);
  }
}

export function source(spec: SourceSpec, items: number[], probe: Probe, label: string): Stage<number> {
  switch (spec.kind) {
    case 'array':
      return from(items);
    case 'syncGen':
    case 'asyncGen':
      return generator(spec, items, probe, label);
    case 'demand':
    case 'mixed':
      return onDemand(spec, items, probe, label);
    case 'observable':
      return fromObservable(observable(spec, items, probe), { name: label });
    case 'push':
    case 'write': {
      // write: a lossless buffer of 3, so writers wait for room.
      const stage = producer<number>({ name: label, ...(spec.kind === 'write' ? { bufferSize: 3 } : {}) });
      void feed(stage, items, spec, probe);
      return stage;
    }
  }
}

function generator(spec: SourceSpec, items: number[], probe: Probe, label: string): Stage<number> {
  const state = probe.generator(label);
  function* body() {
    state.entered = true;
    try {
      for (let i = 0; i < items.length; i++) {
        probe.activity++;
        if (i === spec.failAt) probe.fail();
        yield items[i]!;
      }
    } finally {
      state.finalized = true;
    }
  }
  async function* asyncBody() {
    state.entered = true;
    try {
      for (let i = 0; i < items.length; i++) {
        probe.activity++;
        yield await timed(spec.mode, () => (i === spec.failAt ? probe.fail() : items[i]!));
      }
    } finally {
      state.finalized = true;
    }
  }
  return from(spec.kind === 'syncGen' ? body() : asyncBody());
}

// handleDemand returns the events asked for; 'mixed' pushes the first half of them and returns the rest.
function onDemand(spec: SourceSpec, items: number[], probe: Probe, label: string): Stage<number> {
  let next = 0;
  let calls = 0;
  const stage: Producer<number> = producer<number>({
    name: label,
    handleDemand: (n) => {
      const call = calls++;
      return timed(spec.mode, () => {
        if (call === spec.failAt) probe.fail();
        const out = items.slice(next, next + n);
        next += out.length;
        if (spec.kind === 'mixed' && out.length > 0) {
          try {
            stage.push(out.slice(0, 1));
            out.shift();
          } catch {
            // A graceful stop ended the producer meanwhile: a push throws, the events returned still go out.
          }
        }
        if (next >= items.length) stage.end();
        return out;
      });
    },
  });
  return stage;
}

function observable(spec: SourceSpec, items: number[], probe: Probe): Observable<number> {
  const some = spec.failAt === undefined ? items : items.slice(0, spec.failAt);
  const values = spec.mode === 'sync' ? rxFrom(some) : scheduled(some, asapScheduler);
  if (spec.failAt === undefined) return values;
  return concat(
    values,
    defer(() => {
      probe.thrown = true;
      return throwError(() => probe.boom);
    }),
  );
}

// A push or write source: emits its items a few at a time, then ends (or fails at `failAt`). A push refused
// because the producer ended (start()'s stop drains sources) stops the feed.
async function feed(stage: Producer<number>, items: number[], spec: SourceSpec, probe: Probe): Promise<void> {
  try {
    for (let i = 0; i < items.length; i += 7) {
      if (spec.failAt !== undefined && i >= spec.failAt * 7) break;
      if (spec.kind === 'write') await stage.write(items.slice(i, i + 7));
      else stage.push(items.slice(i, i + 7));
      if (spec.mode !== 'sync') await timed(spec.mode, () => undefined);
    }
    if (spec.failAt === undefined) return stage.end();
    probe.thrown = true;
    stage.fail(probe.boom);
  } catch {
    // The producer ended or failed: nothing more to push.
  }
}
