// A started pipeline whose failure nobody watches is reported, as GenStage's crash report is: `done` rejects
// unhandled, so Node prints the error and exits 1. A watched `done` reports nothing more than what it handles.
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
  it('nobody watches done: the process prints the error and exits non-zero', async () => {
    const { code, stdout, stderr } = await runScript('unwatched');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('Error: scrape failed for page2');
  }, 40_000);

  it('done is awaited: the caller gets the error, nothing else is printed, the exit code is 0', async () => {
    expect(await runScript('awaited')).toEqual({ code: 0, stdout: 'caught: scrape failed for page2\n', stderr: '' });
  }, 40_000);

  it('done has a catch handler: the same', async () => {
    expect(await runScript('caught')).toEqual({ code: 0, stdout: 'caught: scrape failed for page2\n', stderr: '' });
  }, 40_000);
});
