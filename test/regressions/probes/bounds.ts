// Bounds probe: two consumers share one stage; the first (a for await loop, default demand 1000) leaves
// through its signal at once, with its demand unmet; the second asks 10 and no more. The source is a
// producer (bufferSize 5,000) written 100,000 events, or an endless synchronous generator. Reports the
// stats twice, after settling.
// Usage: node --import tsx bounds.ts <source> <kind>
import { from, openSubscription, pipelineStats, producer, type Stage } from '../../../src/index.js';
import { kinds, sources } from './bounds-kinds.js';
import { endless, finish, ready, settle } from './report.js';

function makeSource(which: string) {
  const generator = endless();
  const written = { count: 0 };
  if (which === sources[1]) return { stage: from(generator.generate()), generator, written, fill: () => undefined };
  const p = producer<number>({ name: 'P', bufferSize: 5000 });
  const fill = async () => {
    for (let i = 0; i < 100; i++) {
      await p.write(Array.from({ length: 1000 }, (_, j) => i * 1000 + j)); // lossless: waits for room
      written.count += 1000;
    }
  };
  return { stage: p as Stage<number>, generator, written, fill };
}

async function main(which: string, kind: string): Promise<void> {
  const make = kinds[kind];
  if (!make || !(sources as readonly string[]).includes(which)) throw new Error(`unknown scenario ${which} / ${kind}`);
  const source = makeSource(which);
  const stage = make(source.stage);
  ready();
  const second = openSubscription(stage);
  second.ask(10);
  const leave = new AbortController();
  const first = (async () => {
    for await (const _ of stage.subscribe({ signal: leave.signal })) {
      // takes whatever comes
    }
  })().catch(() => undefined);
  leave.abort(new Error('the first consumer leaves'));
  await first;
  void source.fill();
  let taken = 0;
  while (taken < 10) {
    const batch = await second.next();
    if (batch === null) break;
    taken += batch.length;
  }
  const snapshot = async (ms: number) => {
    await settle(20);
    await new Promise((resolve) => setTimeout(resolve, ms));
    return { pulled: source.generator.state.pulled, written: source.written.count, stats: pipelineStats(stage) };
  };
  const early = await snapshot(50);
  const later = await snapshot(50);
  finish({ taken, early, later });
}

const [which = '', kind = ''] = process.argv.slice(2);
main(which, kind).catch((error: unknown) => finish({ error: String(error) }));
