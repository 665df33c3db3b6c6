// S6 CPU-bound across cores: 200,000 events, each hashed by a ~20 µs loop (s6-hash.ts), summed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILD_DIR } from '../paths.js';
import type { S6Work } from '../types.js';
import { failed, range, sizeFor, timed, type Scenario } from './common.js';
import { hash, ROUNDS } from './s6-hash.js';

const EVENTS = 200_000;

// The children run the compiled bench (bench/.build/), where the hash module is plain JS beside this file.
const work: S6Work = { module: new URL('./s6-hash.js', import.meta.url), hash };

/**
 * The expected sum, computed in one thread with a plain loop. It costs as long as a single-threaded run, so the
 * first child of a bench run computes it and the others read it (bench/.build/ is rebuilt by every run).
 */
function expectedSum(events: readonly number[]): number {
  const file = join(BUILD_DIR, `s6-expected-${events.length}-${ROUNDS}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as number;
  let sum = 0;
  for (const x of events) sum += hash(x);
  writeFileSync(file, JSON.stringify(sum));
  return sum;
}

export const s6: Scenario<'S6'> = {
  id: 'S6',
  title: `S6 CPU-bound: ${EVENTS.toLocaleString('en-US')} events × a ~20 µs hash loop, summed (2 cores)`,
  metric: 'events/s',
  prepare(config) {
    const events = range(0, sizeFor(config.mode, EVENTS, 10));
    const expected = expectedSum(events);
    return {
      events: events.length,
      async run(impl) {
        const { ms, value } = await timed(() => impl(events, work));
        if (value !== expected) return failed(`sum of hashes ${value}, expected ${expected}`);
        return { ok: true, ms, extras: {} };
      },
    };
  },
};
