// Runs one case in a fresh child process, so each figure (above all memory) holds one library and one scenario.
import { fork } from 'node:child_process';
import { ROOT } from './paths.js';
import type { CaseResult, Contender } from './types.js';
import type { WorkerConfig } from './worker.js';

export interface SpawnOptions {
  /** The compiled worker (see compile.ts). */
  worker: string;
  /** The child is killed after this many ms. */
  hardTimeoutMs: number;
  /** When set, the child writes a V8 CPU profile into this directory. */
  cpuProfileDir?: string;
  /** Extra environment for the child (a baseline child's dist/ directory). */
  env?: Record<string, string>;
}

export function runInChild(config: WorkerConfig, contender: Contender, options: SpawnOptions): Promise<CaseResult> {
  const execArgv = ['--expose-gc'];
  if (options.cpuProfileDir !== undefined) execArgv.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`);
  const env = options.env === undefined ? process.env : { ...process.env, ...options.env };
  const child = fork(options.worker, [JSON.stringify(config)], { cwd: ROOT, env, execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const base = { contender: contender.id, kind: contender.kind, scenario: config.scenario };
  return new Promise<CaseResult>((resolve) => {
    let result: CaseResult | null = null;
    const timer = setTimeout(() => {
      result ??= { ...base, status: 'timeout', reason: `killed after ${Math.round(options.hardTimeoutMs / 1000)} s` };
      child.kill('SIGKILL');
    }, options.hardTimeoutMs);
    child.on('message', (message) => {
      result ??= { ...(message as CaseResult), kind: contender.kind };
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const lastLine = output.trim().split('\n').slice(-1)[0] ?? '';
      resolve(result ?? { ...base, status: 'error', reason: `child exited (${signal ?? code}) without a result: ${lastLine}` });
    });
  });
}
