// Scenarios 1–4 of reference/genstage-traces.md, written with genstage: the same demands, batches and
// discards as real GenStage printed (work time 20 ms per page, pages pushed 50 ms after the start).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { consume, producer, type Producer } from '../src/index.js';

const PAGES_1 = ['page1', 'page2', 'page3', 'page4', 'page5'];
const PAGES_2 = ['page6', 'page7'];

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

interface Run {
  log: string[];
  producer: Producer<string>;
}

function pageProducer(log: string[], options: { bufferSize?: number } = {}): Producer<string> {
  return producer<string>({
    name: 'P',
    ...options,
    handleDemand: (demand) => void log.push(`producer demand ${demand}`),
    onDiscard: (count) => void log.push(`GenStage producer P has discarded ${count} events from buffer`),
  });
}

function pageConsumer(log: string[], name: string) {
  return async (events: string[]) => {
    log.push(`consumer ${name} events ${JSON.stringify(events).replaceAll(',', ', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 20 * events.length));
  };
}

async function scenario(
  consumers: { name: string; maxDemand?: number; minDemand?: number }[],
  options: { bufferSize?: number; push?: boolean } = {},
): Promise<Run> {
  const log: string[] = [];
  const stage = pageProducer(log, options.bufferSize === undefined ? {} : { bufferSize: options.bufferSize });
  const running = consumers.map(({ name, ...demand }) => consume(stage, pageConsumer(log, name), demand));
  await vi.advanceTimersByTimeAsync(50);
  if (options.push !== false) {
    stage.push(PAGES_1);
    stage.push(PAGES_2);
  }
  await vi.advanceTimersByTimeAsync(1000);
  stage.end();
  await Promise.all(running);
  return { log, producer: stage };
}

const batchesOf = (log: string[]) => log.filter((l) => l.startsWith('consumer')).map((l) => l.replace(/^consumer \w+ /, ''));
const demandsOf = (log: string[]) => log.filter((l) => l.startsWith('producer demand'));
const discardsOf = (log: string[]) => log.filter((l) => l.includes('discarded'));

describe('the seed pipelines give the traces of real GenStage', () => {
  it('1: one consumer, default demand', async () => {
    const { log } = await scenario([{ name: 'a' }], { push: false });
    expect(log).toEqual(['producer demand 1000']);
  });

  it('2: one consumer, max_demand 3, min_demand 0', async () => {
    const { log } = await scenario([{ name: 'a', maxDemand: 3, minDemand: 0 }]);
    expect(log).toEqual([
      'producer demand 3',
      'consumer a events ["page1", "page2", "page3"]',
      'consumer a events ["page4", "page5", "page6"]',
      'producer demand 2',
      'consumer a events ["page7"]',
    ]);
  });

  it('3: two consumers, max_demand 1', async () => {
    const consumers = [
      { name: 'a', maxDemand: 1, minDemand: 0 },
      { name: 'b', maxDemand: 1, minDemand: 0 },
    ];
    const { log } = await scenario(consumers);
    expect(batchesOf(log)).toEqual(['page1', 'page2', 'page3', 'page4', 'page5', 'page6', 'page7'].map((p) => `events ["${p}"]`));
    expect(demandsOf(log)).toEqual(Array(4).fill('producer demand 1'));
    expect(log.slice(0, 4)).toEqual([
      'producer demand 1',
      'producer demand 1',
      'consumer a events ["page1"]',
      'consumer b events ["page2"]',
    ]);
    // Each consumer handles one page at a time: the two share the work.
    expect(log.filter((l) => l.startsWith('consumer a')).length).toBe(4);
    expect(log.filter((l) => l.startsWith('consumer b')).length).toBe(3);
  });

  it('4: two consumers, buffer_size 1: two discards of 2', async () => {
    const consumers = [
      { name: 'a', maxDemand: 1, minDemand: 0 },
      { name: 'b', maxDemand: 1, minDemand: 0 },
    ];
    const { log } = await scenario(consumers, { bufferSize: 1 });
    expect(batchesOf(log)).toEqual(['events ["page1"]', 'events ["page2"]', 'events ["page7"]']);
    expect(discardsOf(log)).toEqual(Array(2).fill('GenStage producer P has discarded 2 events from buffer'));
    expect(demandsOf(log)).toEqual(Array(4).fill('producer demand 1'));
    expect(log.slice(0, 6)).toEqual([
      'producer demand 1',
      'producer demand 1',
      'consumer a events ["page1"]',
      'consumer b events ["page2"]',
      'GenStage producer P has discarded 2 events from buffer',
      'GenStage producer P has discarded 2 events from buffer',
    ]);
  });
});
