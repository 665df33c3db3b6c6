// start(): run, stop gracefully or at once, stats upstream first, traces, and the mermaid diagram.
import { describe, expect, it } from 'vitest';
import { from, logger, pipe, producer, producerConsumer, start, toMermaid, type TraceEvent } from '../src/index.js';
import { sleep } from './helpers.js';

describe('start()', () => {
  it('done resolves when the pipeline completes', async () => {
    const seen: number[] = [];
    const running = start(pipe([1, 2, 3], producerConsumer((xs: number[]) => void seen.push(...xs))));
    await running.done;
    expect(seen).toEqual([1, 2, 3]);
  });

  it('done rejects with the error that failed the pipeline', async () => {
    const boom = new Error('boom');
    const running = start(pipe([1], producerConsumer(() => { throw boom; })));
    await expect(running.done).rejects.toBe(boom);
    await running.stop();
  });

  it('stop() resolves whether or not the pipeline failed: the failure is done’s', async () => {
    const boom = new Error('boom');
    const running = start(pipe([1], producerConsumer(() => { throw boom; })));
    const failure = running.done.catch((error: unknown) => error);
    await expect(running.stop()).resolves.toEqual({ drained: false, timedOut: false });
    expect(await failure).toBe(boom);
  });

  it('stop() is graceful: sources stop, in-flight work finishes and flows to the end', async () => {
    const pages = producer<string>({ name: 'PageProducer' });
    const finished: string[] = [];
    const scrape = producerConsumer(
      async (batch: string[]) => {
        await sleep(10);
        finished.push(...batch);
        return batch;
      },
      { maxDemand: 1, minDemand: 0 },
    );
    const running = start(pipe(pages, scrape));
    pages.push(['page1', 'page2']);
    await sleep(1);
    await running.stop();
    expect(finished).toEqual(['page1', 'page2']);
    await running.done;
    expect(() => pages.push(['late'])).toThrow(/has ended/);
  });

  it('stop() closes iterator sources, so their finally runs; calling it twice is safe', async () => {
    let finallyRan = false;
    async function* endless() {
      try {
        for (let i = 0; ; i++) {
          await sleep(1);
          yield i;
        }
      } finally {
        finallyRan = true;
      }
    }
    const running = start(pipe(from(endless()), producerConsumer((xs: number[]) => xs)));
    await sleep(10);
    await Promise.all([running.stop(), running.stop()]);
    await running.done;
    expect(finallyRan).toBe(true);
  });

  it('stop({ drain: false }) cancels in-flight work at once', async () => {
    let completed = 0;
    const slow = producerConsumer(async (xs: number[]) => {
      await sleep(50);
      completed += xs.length;
      return xs;
    });
    const running = start(pipe([1, 2, 3], slow));
    await sleep(5);
    await running.stop({ drain: false });
    await running.done;
    expect(completed).toBe(0);
  });

  it('an aborted signal stops the pipeline like stop({ drain: false })', async () => {
    const controller = new AbortController();
    const pages = producer<string>();
    const running = start(pipe(pages, producerConsumer((xs: string[]) => xs)), { signal: controller.signal });
    controller.abort();
    await running.done;
    expect(() => pages.push(['x'])).toThrow(/has ended/);
  });

  it('stats() has one entry per stage, upstream first', async () => {
    const pages = producer<string>({ name: 'PageProducer' });
    const online = producerConsumer((xs: string[]) => xs, { name: 'OnlinePageProducerConsumer' });
    const running = start(pipe(pages, online));
    pages.push(['page1']);
    await sleep(1);
    const stats = running.stats();
    expect(stats.map((s) => [s.name, s.kind])).toEqual([
      ['PageProducer', 'producer'],
      ['OnlinePageProducerConsumer', 'producerConsumer'],
    ]);
    expect(stats[0]).toMatchObject({ emitted: 1, subscribers: 1 });
    await running.stop();
  });

  it('trace receives demand, events, discard and done events from every stage', async () => {
    const events: TraceEvent[] = [];
    const pages = producer<string>({ name: 'P', bufferSize: 1, onDiscard: () => {} });
    const running = start(pipe(pages, producerConsumer((xs: string[]) => xs, { name: 'PC', maxDemand: 1, minDemand: 0 })), {
      trace: (event) => void events.push(event),
    });
    pages.push(['a', 'b', 'c']);
    await sleep(1);
    await running.stop();
    expect(events).toContainEqual({ type: 'demand', stage: 'P', kind: 'producer', subscriber: 1, n: 1, forwarded: 1 });
    expect(events).toContainEqual({ type: 'discard', stage: 'P', kind: 'producer', count: 1 });
    expect(events.some((e) => e.type === 'events' && e.stage === 'PC')).toBe(true);
    expect(events.filter((e) => e.type === 'done').map((e) => e.stage)).toEqual(['P', 'PC']);
  });

  it('the logger prints demand in the seed words', async () => {
    const lines: string[] = [];
    const pages = producer<string>({ name: 'PageProducer' });
    const running = start(pages.subscribe({ maxDemand: 3, minDemand: 0 }), {
      trace: logger({ unit: 'pages', log: (line) => void lines.push(line) }),
    });
    await sleep(1);
    await running.stop();
    expect(lines).toContain('PageProducer received demand for 3 pages');
  });
});

describe('toMermaid()', () => {
  it('draws the stages and their subscriptions', () => {
    const pages = producer<string>({ name: 'PageProducer' });
    const online = producerConsumer((xs: string[]) => xs, { name: 'OnlinePageProducerConsumer', maxDemand: 1, minDemand: 0 });
    expect(toMermaid(pipe(pages, online))).toBe(
      [
        'graph LR;',
        '  s1(["PageProducer<br/>producer"])',
        '  s2["OnlinePageProducerConsumer<br/>producerConsumer"]',
        '  s1 -->|"maxDemand 1, minDemand 0"| s2',
      ].join('\n'),
    );
  });

  it('folds subscribe() views into the edge label', () => {
    const pages = producer<string>({ name: 'P' });
    const pc = producerConsumer((xs: string[]) => xs, { name: 'C' });
    expect(toMermaid(pipe(pages.subscribe({ maxDemand: 3, minDemand: 0 }), pc))).toContain('s1 -->|"maxDemand 3, minDemand 0"| s2');
  });
});

describe('per-stage trace on consumerSupervisor', () => {
  it('reports restarts with the attempt, the error and the event', async () => {
    const { consumerSupervisor } = await import('../src/index.js');
    const events: TraceEvent[] = [];
    const boom = new Error('once');
    let failed = false;
    const work = consumerSupervisor(
      1,
      (page: string) => {
        if (!failed) {
          failed = true;
          throw boom;
        }
        return page;
      },
      { name: 'Scrapers', trace: (event) => void events.push(event) },
    );
    expect(await toArrayOf(pipe(['page1'], work))).toEqual(['page1']);
    expect(events).toContainEqual({ type: 'restart', stage: 'Scrapers', kind: 'consumerSupervisor', attempt: 2, error: boom, event: 'page1' });
  });
});

async function toArrayOf<T>(stage: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of stage) out.push(x);
  return out;
}
