// consumerSupervisor inside start()/stop(), traces and the pipeline graph.
import { describe, expect, it } from 'vitest';
import { consumerSupervisor, pipe, producer, start, toMermaid, type TraceEvent } from '../src/index.js';

const realImmediate = setImmediate;
const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => realImmediate(resolve));
};

/** Workers that finish when the test says so, and record whether their signal aborted. */
function gates() {
  const open = new Map<string, () => void>();
  const finished: string[] = [];
  const aborted: string[] = [];
  const worker = (page: string, { signal }: { signal: AbortSignal }) =>
    new Promise<string>((resolve, reject) => {
      open.set(page, () => {
        finished.push(page);
        resolve(page);
      });
      signal.addEventListener('abort', () => {
        aborted.push(page);
        reject(signal.reason);
      });
    });
  return { worker, finished, aborted, open: (page: string) => open.get(page)!() };
}

describe('consumerSupervisor in a started pipeline', () => {
  it('stop() lets running workers finish and their results flow before the pipeline ends', async () => {
    const pages = producer<string>();
    const { worker, finished, aborted, open } = gates();
    const running = start(pipe(pages, consumerSupervisor(2, worker)));
    pages.push(['page1', 'page2']);
    await settle();
    let stopped = false;
    const stopping = running.stop().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);
    open('page1');
    open('page2');
    await stopping;
    expect(finished).toEqual(['page1', 'page2']);
    expect(aborted).toEqual([]);
  });

  it('stop({ drain: false }) aborts the running workers', async () => {
    const pages = producer<string>();
    const { worker, aborted } = gates();
    const running = start(pipe(pages, consumerSupervisor(2, worker)));
    pages.push(['page1', 'page2']);
    await settle();
    await running.stop({ drain: false });
    await settle();
    expect(aborted).toEqual(['page1', 'page2']);
    await expect(running.done).resolves.toBeUndefined();
  });

  it('reports each restart to the tracer, with the attempt about to run', async () => {
    const events: TraceEvent[] = [];
    const failure = new Error('flaky');
    const worker = (page: string, { attempt }: { attempt: number }) => {
      if (attempt === 1) throw failure;
      return page;
    };
    const pages = producer<string>();
    const running = start(pipe(pages, consumerSupervisor(1, worker, { name: 'Scrapers' })), {
      trace: (event) => void events.push(event),
    });
    pages.push(['page1']);
    pages.end();
    await running.done;
    const restarts = events.filter((event) => event.type === 'restart');
    expect(restarts).toEqual([{ type: 'restart', stage: 'Scrapers', kind: 'consumerSupervisor', attempt: 2, error: failure, event: 'page1' }]);
    expect(running.stats().map((stats) => stats.restarts)).toEqual([0, 1]);
  });

  it('shows up in the pipeline graph, reading from its source', () => {
    const pages = producer<string>({ name: 'PageProducer' });
    const diagram = toMermaid(pipe(pages, consumerSupervisor(2, (page: string) => page, { name: 'PageConsumerSupervisor' })));
    expect(diagram).toContain('PageConsumerSupervisor<br/>consumerSupervisor');
    expect(diagram).toContain('s1 -->|"maxDemand 2, minDemand 1"| s2');
  });
});
