// genstage/workers: failures in and of worker threads, cancellation while they are busy, and bad options.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { from, pipe, start, toArray, type TraceEvent } from '../src/index.js';
import { liveWorkerThreads, WorkerError, workers, type WorkersStats } from '../src/workers/index.js';
import { range } from './helpers.js';

const fixture = (name: string) => new URL(`./workers/${name}`, import.meta.url);

afterEach(() => {
  expect(liveWorkerThreads()).toBe(0);
});

async function failure(promise: Promise<unknown>): Promise<WorkerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkerError);
  // Every thread of the stage is gone by the time the pipeline rejects.
  expect(liveWorkerThreads()).toBe(0);
  return error as WorkerError;
}

describe('workers() failures', () => {
  test('a throw in handleEvents fails the pipeline with the worker name, message and stack', async () => {
    const traces: TraceEvent[] = [];
    const stage = pipe(range(1, 100), workers<number, number>(2, fixture('throws.mjs'), { name: 'checker', maxDemand: 4 }));
    const error = await failure(start(stage, { trace: (e) => traces.push(e) }).done);
    expect(error.message).toMatch(/^worker checker#[12]: handleEvents threw RangeError: bad event 13 in a batch of 2$/);
    expect(error.worker).toMatch(/^checker#[12]$/);
    expect(error.stack).toContain('throws.mjs');
    expect((error.cause as Error).name).toBe('RangeError');
    expect(traces.some((e) => e.type === 'error' && e.stage === error.worker && e.error === error)).toBe(true);
  });

  test('a worker calling process.exit fails the pipeline', async () => {
    const error = await failure(toArray(pipe(range(1, 50), workers(2, fixture('exits.mjs'), { maxDemand: 2 }))));
    expect(error.message).toMatch(/^worker workers-\d+#[12]: exited with code 3 while the pipeline was running$/);
  });

  test('a worker running out of memory fails the pipeline clearly', async () => {
    const resourceLimits = { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 2 };
    const error = await failure(toArray(pipe([1, 2, 3], workers(1, fixture('oom.mjs'), { resourceLimits }))));
    expect(error.code).toBe('ERR_WORKER_OUT_OF_MEMORY');
    expect(error.message).toMatch(/ran out of memory/);
  });

  test('an uncaught exception outside handleEvents, and a module without handleEvents', async () => {
    const crashed = await failure(toArray(pipe([1], workers(1, fixture('uncaught.mjs')))));
    expect(crashed.message).toMatch(/crashed with TypeError: timer blew up$/);
    expect(crashed.stack).toContain('uncaught.mjs');
    const missing = await failure(toArray(pipe([1], workers(1, fixture('no-handler.mjs')))));
    expect(missing.message).toMatch(/no-handler\.mjs must export a function handleEvents\(events\), got undefined$/);
  });

  test('results or events that cannot be cloned fail the pipeline', async () => {
    const results = await failure(toArray(pipe([1, 2], workers(1, fixture('not-cloneable.mjs')))));
    expect(results.message).toMatch(/handleEvents threw DataCloneError/);
    const events = await failure(toArray(pipe([() => 1], workers(1, fixture('double.mjs')))));
    expect(events.message).toMatch(/its events could not be sent to the thread: .*could not be cloned/);
  });

  test('an upstream failure terminates the threads and reaches the consumer as is', async () => {
    const boom = new Error('upstream broke');
    async function* source() {
      yield 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      throw boom;
    }
    await expect(toArray(pipe(from(source()), workers(2, fixture('double.mjs'))))).rejects.toBe(boom);
    expect(liveWorkerThreads()).toBe(0);
  });
});

describe('workers() cancellation', () => {
  test('break while the workers are busy terminates every thread before the loop exits', async () => {
    const stage = pipe(range(1, 10_000), workers<number, number>(2, fixture('busy.mjs'), { maxDemand: 4 }));
    let seen = 0;
    for await (const _ of stage) {
      seen++;
      if (seen === 3) break;
    }
    expect(seen).toBe(3);
    expect(liveWorkerThreads()).toBe(0);
    const stats = (stage as unknown as { stats(): WorkersStats }).stats();
    expect(stats.inFlight).toBe(0);
    expect(stats.workers.every((w) => w.inFlight === 0)).toBe(true);
  });

  test('stop() drains what is in flight and ends; stop({ drain: false }) cancels at once', async () => {
    let pulled = 0;
    function* source() {
      for (;;) yield pulled++;
    }
    const drained = start(pipe(from(source()), workers<number, number>(2, fixture('busy.mjs'), { maxDemand: 4 })));
    await new Promise((resolve) => setTimeout(resolve, 60));
    await drained.stop();
    expect(liveWorkerThreads()).toBe(0);
    // Graceful: every event taken from the source was handled and delivered.
    const stats = drained.stats().at(-1)!;
    expect(stats.received).toBeGreaterThan(0);
    expect(stats.emitted).toBe(stats.received);

    const cancelled = start(pipe(from(source()), workers(2, fixture('busy.mjs'), { maxDemand: 4 })));
    await new Promise((resolve) => setTimeout(resolve, 60));
    await cancelled.stop({ drain: false });
    expect(liveWorkerThreads()).toBe(0);
  });

  test('the process exits by itself after break, stop() and an abandoned iterator', async () => {
    const script = fileURLToPath(fixture('exit-by-itself.ts'));
    const output = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', script], { timeout: 30_000 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(stdout);
      });
    });
    expect(output).toContain('script done');
  }, 40_000);
});

describe('workers() bad input', () => {
  const url = fixture('double.mjs');
  test.each([
    [() => workers(0, url), RangeError, 'n must be an integer >= 1, got 0'],
    [() => workers('2' as never, url), TypeError, 'n must be an integer >= 1, got "2"'],
    [() => workers(2, './double.mjs'), TypeError, 'module must be a URL or an absolute path'],
    [() => workers(2, 42 as never), TypeError, 'module must be a URL or an absolute path (for instance new URL("./worker.js", import.meta.url)), got 42'],
    [() => workers(2, new URL('./workers/missing.mjs', import.meta.url)), RangeError, 'module must be an existing file, got "file:'],
    [() => workers(2, 'https://example.com/w.js'), TypeError, 'module must be a URL or an absolute path'],
    [() => workers(2, new URL('https://example.com/w.js')), RangeError, 'module must be a file: or data: URL, got "https://example.com/w.js"'],
    [() => workers(2, url, { maxDemand: 0 }), RangeError, 'maxDemand must be an integer >= 1, got 0'],
    [() => workers(2, url, { maxDemand: 4, minDemand: 4 }), RangeError, 'minDemand must be an integer >= 0 and < maxDemand (4), got 4'],
    [() => workers(2, url, { ordered: 'yes' as never }), TypeError, 'ordered must be a boolean, got "yes"'],
    [() => workers(2, url, { transfer: 1 as never }), TypeError, 'transfer must be a boolean, got 1'],
    [() => workers(2, url, { name: '' }), RangeError, 'name must be a non-empty string, got ""'],
    [() => workers(2, url, { trace: 'log' as never }), TypeError, 'trace must be a function, got "log"'],
    [() => workers(2, url, { concurrency: 2 } as never), TypeError, 'workers got an unknown option "concurrency"'],
    [() => workers(2, url, { resourceLimits: { maxOldGenerationSizeMb: -1 } }), RangeError, 'resourceLimits.maxOldGenerationSizeMb must be a finite number > 0, got -1'],
  ])('%#: refused when built', (build, type, message) => {
    expect(build).toThrow(type);
    expect(build).toThrow(message);
  });

  test('a source that is not iterable is refused when the operator is applied', () => {
    expect(() => workers(1, url)(42 as never)).toThrow(TypeError);
  });

  test('a data: URL module works', async () => {
    const module = `data:text/javascript,export const handleEvents = (xs) => xs.map((x) => x + 1);`;
    expect(await toArray(pipe([1, 2], workers<number, number>(1, module)))).toEqual([2, 3]);
  });
});
