// piscina for S6, as its README shows: a pool of 2 threads (the machine's cores) running the hash module, one task
// per event (`run(x)`, its default export) or one task per batch of 500 (`run(batch, { name: 'handleEvents' })`),
// every task queued at once and awaited with Promise.all. The pool is made and destroyed in each run, as
// genstage's threads are started and ended in each run.
import { Piscina } from 'piscina';
import type { Contender, S6Work } from '../types.js';

const THREADS = 2;
const BATCH = 500;

async function withPool<T>(work: S6Work, body: (pool: Piscina) => Promise<T>): Promise<T> {
  const pool = new Piscina({ filename: work.module.href, minThreads: THREADS, maxThreads: THREADS });
  try {
    return await body(pool);
  } finally {
    await pool.destroy();
  }
}

function total(values: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum;
}

export const contenders: Contender[] = [
  {
    id: 'piscina (per event)',
    kind: 'peer',
    packageName: 'piscina',
    how: `S6 a pool of ${THREADS} threads, \`Promise.all(events.map((x) => pool.run(x)))\``,
    S6: (events, work) => withPool(work, async (pool) => total(await Promise.all(events.map((x) => pool.run(x) as Promise<number>)))),
  },
  {
    id: 'piscina (per batch)',
    kind: 'peer',
    packageName: 'piscina',
    how: `S6 a pool of ${THREADS} threads, one \`pool.run(batch, { name: 'handleEvents' })\` per batch of ${BATCH} events`,
    S6: (events, work) =>
      withPool(work, async (pool) => {
        const tasks: Promise<number[]>[] = [];
        for (let i = 0; i < events.length; i += BATCH) {
          tasks.push(pool.run(events.slice(i, i + BATCH), { name: 'handleEvents' }) as Promise<number[]>);
        }
        return total((await Promise.all(tasks)).flat());
      }),
  },
];
