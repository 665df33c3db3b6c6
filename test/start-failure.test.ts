// A started pipeline whose failure nobody watches is reported, as GenStage's crash report is: the error is printed
// on stderr, and no rejection is left unhandled (DESIGN §5). A watched `done` reports nothing more than it handles.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./fixtures/unwatched-failure.ts', import.meta.url));

function runScript(mode: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', script, mode], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

describe('a failure of a started pipeline', () => {
  it('nobody watches done: the error is printed with the pipeline it failed, and nothing is left unhandled', async () => {
    const { code, stdout, stderr } = await runScript('unwatched');
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain('genstage: the pipeline ending in consumerSupervisor Scrapers failed and nothing handled start(…).done');
    expect(stderr).toContain('Error: scrape failed for page2');
    expect(stderr).not.toMatch(/unhandled/i);
  }, 40_000);

  it('done is awaited: the caller gets the error, nothing else is printed, the exit code is 0', async () => {
    expect(await runScript('awaited')).toEqual({ code: 0, stdout: 'caught: scrape failed for page2\n', stderr: '' });
  }, 40_000);

  it('done has a catch handler: the same', async () => {
    expect(await runScript('caught')).toEqual({ code: 0, stdout: 'caught: scrape failed for page2\n', stderr: '' });
  }, 40_000);
});
