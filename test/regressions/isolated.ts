// Runs one probe scenario in its own Node process. Needed where a regression blocks the event loop for good
// (an endless synchronous pipeline that never yields): no timer in the test's own process could fire to fail
// it, so the test watches from outside and kills the child at the deadline. Also gives the memory probes a
// fresh heap and `--expose-gc`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Isolated<R> {
  /** What the probe reported (its `RESULT` line), if it got that far. */
  result: R | undefined;
  /** True if the probe did not finish within its budget and was killed. */
  killed: boolean;
  /** The probe's stderr, for the failure message. */
  stderr: string;
}

const probes = fileURLToPath(new URL('./probes/', import.meta.url));

/**
 * Spawns `node --import tsx probes/<probe>.ts <args>`. The budget counts from the probe's `READY` line (so a
 * slow start on a loaded machine does not count against the scenario); a probe that never gets ready is
 * killed `startMs` after the spawn.
 */
export function runIsolated<R>(
  probe: string,
  args: readonly string[],
  options: { budgetMs: number; startMs?: number; gc?: boolean },
): Promise<Isolated<R>> {
  const flags = [...(options.gc ? ['--expose-gc'] : []), '--import', 'tsx'];
  const child = spawn(process.execPath, [...flags, `${probes}${probe}.ts`, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let result: R | undefined;
  let killed = false;
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) {
      killed = true;
      child.kill('SIGKILL');
    }
  };
  let deadline = setTimeout(kill, options.startMs ?? 5000);
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    let newline: number;
    while ((newline = stdout.indexOf('\n')) >= 0) {
      const line = stdout.slice(0, newline);
      stdout = stdout.slice(newline + 1);
      if (line === 'READY') {
        clearTimeout(deadline);
        deadline = setTimeout(kill, options.budgetMs);
      } else if (line.startsWith('RESULT ') && result === undefined) {
        result = JSON.parse(line.slice('RESULT '.length)) as R;
      }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    child.on('close', () => {
      clearTimeout(deadline);
      resolve({ result, killed, stderr: stderr.slice(-2000) });
    });
  });
}
