// Fusion where code generation from strings is refused, as under a Content Security Policy without
// 'unsafe-eval': random pipelines run in a child process started with --disallow-code-generation-from-strings
// give what they give here with the generated loop.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryCase, runCase, type Case, type Outcome } from './fusion-cases.js';

function runWithoutEval(cases: Case[]): Promise<{ evalRefused: boolean; outcomes: Outcome[] }> {
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const script = new URL('./fixtures/no-eval.ts', import.meta.url).pathname;
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--disallow-code-generation-from-strings', '--import', tsx, script],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout))),
    );
    child.stdin!.end(JSON.stringify(cases));
  });
}

describe('fusion without code generation', () => {
  it('runs the same cases where code generation from strings is refused', async () => {
    const cases = fc.sample(arbitraryCase, 200);
    const { evalRefused, outcomes } = await runWithoutEval(cases);
    expect(evalRefused).toBe(true);
    for (const [i, c] of cases.entries()) {
      const generated = await runCase(c);
      expect({ case: c, outcome: outcomes[i] }).toEqual({ case: c, outcome: generated });
    }
  }, 30_000); // a child process with a TypeScript loader: its start-up, not the cases, takes the time
});
