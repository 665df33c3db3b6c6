// Every seed section runs as an example and prints what real GenStage printed (reference/genstage-traces.md),
// with the work fixed at 20 ms per page as in the traces.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { toMermaid, type Stage } from '../src/index.js';
import { parseMermaid } from './mermaid-parser.js';

type Section = () => Promise<unknown>;
let sections: Record<string, Section>;

beforeAll(async () => {
  process.env.SCRAPER_WORK_MS = '20';
  sections = {
    ...(await import('../examples/01-build-a-pipeline.js')),
    ...(await import('../examples/02-genstage-pipeline-2.js')),
    ...(await import('../examples/03-adding-more-consumers.js')),
    ...(await import('../examples/04-producer-buffer-limit.js')),
    ...(await import('../examples/05-consumer-supervisor.js')),
    ...(await import('../examples/06-multi-stage-pipeline.js')),
    ...(await import('../examples/07-scaling-up.js')),
    ...(await import('../examples/for-await.js')),
    ...(await import('../examples/crawler.js')),
    ...(await import('../examples/rxjs-interop.js')),
  } as unknown as Record<string, Section>;
});

afterEach(() => {
  vi.restoreAllMocks();
});

const diagrams = new Map<string, string>();
const logged = new Map<string, string[]>();

/** Runs a section and returns its log lines without their timestamps; keeps its pipeline's diagram. */
async function output(name: string): Promise<string[]> {
  const lines: string[] = [];
  const capture = (...args: unknown[]) => void lines.push(args.map(String).join(' ').replace(/^[\d:.]+ \[info\]  /, ''));
  vi.spyOn(console, 'log').mockImplementation(capture);
  vi.spyOn(console, 'warn').mockImplementation(capture);
  const pipeline = await sections[name]!();
  logged.set(name, lines);
  if (pipeline && typeof pipeline === 'object' && Symbol.asyncIterator in pipeline) {
    // Generated names (merge-12) depend on how many stages the test file made before: keep them out of the snapshot.
    diagrams.set(name, toMermaid(pipeline as Stage<unknown>).replace(/merge-\d+/g, 'merge'));
  }
  return lines;
}

const matching = (lines: string[], pattern: RegExp) => lines.filter((line) => pattern.test(line));
const demands = (lines: string[]) => matching(lines, /received demand/);

describe('the seed tour', () => {
  it('Build a pipeline: one demand of 1000', async () => {
    expect(await output('buildAPipeline')).toEqual([
      'PageProducer init',
      'PageConsumer init',
      'PageProducer received demand for 1000 pages',
    ]);
  });

  it('GenStage Pipeline 2: batches of 3, then the buffer, then a demand of 2', async () => {
    const lines = await output('genstagePipeline2');
    expect(matching(lines, /received/)).toEqual([
      'PageProducer received demand for 3 pages',
      'PageConsumer received ["page1", "page2", "page3"]',
      'PageConsumer received ["page4", "page5", "page6"]',
      'PageProducer received demand for 2 pages',
      'PageConsumer received ["page7"]',
    ]);
  });

  it('Adding more consumers: one page at a time, shared by the two', async () => {
    const lines = await output('addingMoreConsumers');
    const pages = matching(lines, /PageConsumer consumer_/).map((line) => line.replace(/consumer_\w /, ''));
    expect(pages).toEqual(['page1', 'page2', 'page3', 'page4', 'page5', 'page6', 'page7'].map((p) => `PageConsumer received ["${p}"]`));
    expect(demands(lines)).toEqual(Array(4).fill('PageProducer received demand for 1 pages'));
  });

  it('Producer buffer limit exceeded: two discards of 2, page7 kept', async () => {
    const lines = await output('producerBufferLimit');
    expect(matching(lines, /PageConsumer consumer_/).map((line) => line.replace(/consumer_\w /, ''))).toEqual([
      'PageConsumer received ["page1"]',
      'PageConsumer received ["page2"]',
      'PageConsumer received ["page7"]',
    ]);
    expect(matching(lines, /discarded/)).toEqual(Array(2).fill('genstage producer PageProducer has discarded 2 events from buffer'));
    expect(demands(lines)).toEqual(Array(4).fill('PageProducer received demand for 1 pages'));
  });

  it('Adding concurrency with ConsumerSupervisor: two at a time, in order, demands 2, 1, 1', async () => {
    const lines = await output('addingConcurrency');
    expect(matching(lines, /started/)).toEqual(
      ['page1', 'page2', 'page3', 'page4', 'page5', 'page6', 'page7'].map((p) => `PageConsumer started by PageConsumerSupervisor with event ${p}`),
    );
    expect(demands(lines)).toEqual([
      'PageProducer received demand for 2 pages',
      'PageProducer received demand for 1 page',
      'PageProducer received demand for 1 page',
    ]);
  });

  it('Multi-stage data pipelines: offline pages filtered out, demand 1 at the start and after page7', async () => {
    const lines = await output('multiStagePipeline');
    expect(matching(lines, /OnlinePageProducerConsumer received|Online:/)).toEqual(
      ['page1', 'page2', 'page3', 'page4', 'page5', 'page6', 'page7'].flatMap((p) => [
        `OnlinePageProducerConsumer received ["${p}"]`,
        `Online: [${p === 'page2' || p === 'page5' ? '' : `"${p}"`}]`,
      ]),
    );
    expect(matching(lines, /started with event/)).toEqual(
      ['page1', 'page3', 'page4', 'page6', 'page7'].map((p) => `OnlinePageConsumer started with event ${p}`),
    );
    expect(demands(lines)).toEqual(Array(2).fill('PageProducer received demand for 1 page'));
  });

  it('Scaling up: two producerConsumers share the pages, the supervisor runs the online ones', async () => {
    const lines = await output('scalingUp');
    // Each of the two logs under its stage name, the one its node has in the diagram.
    const received = matching(lines, /OnlinePageProducerConsumer [12] received/).map((line) => line.replace(/ [12] /, ' '));
    expect(received).toEqual(['page1', 'page2', 'page3', 'page4', 'page5', 'page6', 'page7'].map((p) => `OnlinePageProducerConsumer received ["${p}"]`));
    expect(lines).not.toContainEqual(expect.stringMatching(/PID/));
    expect(matching(lines, /started with event/).map((line) => line.split(' ').at(-1))).toEqual(['page1', 'page3', 'page4', 'page6', 'page7']);
    expect(demands(lines)).toEqual(Array(4).fill('PageProducer received demand for 1 page'));
  });

  it('for await: a plain script reads three errors and releases the source', async () => {
    const lines = await output('forAwait');
    expect(lines).toEqual([
      'ERROR request 7 took 59 ms',
      'ERROR request 14 took 18 ms',
      'ERROR request 21 took 77 ms',
      'the log source was closed',
    ]);
  });

  it('crawler: all 300 pages crawled once, the 17 failing fetches restarted', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    const { crawled, restarts } = (await sections.crawl!()) as { crawled: number; restarts: number };
    expect(crawled).toBe(300);
    expect(restarts).toBe(17);
    expect(lines.at(-1)).toBe('crawled 300 pages; 17 fetches were restarted after a failure');
  });

  it('rxjs interop: clicks and ticks handled two at a time, the surplus ticks dropped by the bounded buffer', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const { handled, dropped } = (await sections.rxjsInterop!()) as { handled: string[]; dropped: number };
    expect(handled.slice(0, 2)).toEqual(['CLICK A', 'CLICK B']);
    expect(handled.length + dropped).toBe(42);
    expect(dropped).toBeGreaterThan(0);
  });

  it('draws every seed section as a mermaid graph that mermaid itself parses', async () => {
    const seed = ['buildAPipeline', 'genstagePipeline2', 'addingMoreConsumers', 'producerBufferLimit', 'addingConcurrency', 'multiStagePipeline', 'scalingUp'];
    expect([...diagrams.keys()].sort()).toEqual([...seed].sort());
    for (const name of seed) {
      const diagram = diagrams.get(name)!;
      expect(diagram).toMatchSnapshot(name);
      // The names the sections log are the names their diagrams show (merge only joins, and logs nothing).
      const named = [...diagram.matchAll(/"([^"<]+)<br\/>/g)].map((m) => m[1]!).filter((n) => n !== 'merge');
      expect(named.length).toBeGreaterThan(1);
      for (const stage of named) expect([name, logged.get(name)!.some((line) => line.startsWith(`${stage} `))]).toEqual([name, true]);
      expect(await parseMermaid(diagram)).toBe('flowchart-v2');
    }
    await expect(parseMermaid('graph LR;\n  s1 -->|x| ')).rejects.toThrow(/Parse error/);
  });
});
