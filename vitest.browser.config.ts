// npm run test:browser: the core and operator tests that use no Node API, in headless Chromium (Debian's
// `chromium` package, driven by playwright-core; nothing is downloaded), then the fusion tests again on pages
// served with a Content Security Policy without 'unsafe-eval', where fusion falls back to closures.
// Left out, as they need Node:
// - consumer-supervisor*, dispatchers-* (through dispatchers-fixtures.ts), merge, parallel, rxjs-*: setImmediate;
// - lifecycle, reliability-*: node:stream, node:events, node:timers/promises, process resource and env probes;
// - examples, start: the examples read process.env, and mermaid's parser needs jsdom;
// - fusion-no-eval: a child process; jsdoc-examples: the TypeScript compiler and node:fs; rxjs-optional: node:fs;
// - model-* (test/model/): setImmediate and process.env; regressions/: child processes, node:events, setImmediate;
// - corpus: node:fs reads the recorded corpus; corpus-compare checks that harness, not genstage.
// - workers-*: node:worker_threads.
import { playwright } from '@vitest/browser-playwright';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const FILES = [
  'test/bad-input.test.ts',
  'test/buffer.test.ts',
  'test/demand-arithmetic.test.ts',
  'test/error-messages.test.ts',
  'test/faults.test.ts',
  'test/fusion.test.ts',
  'test/fusion-closures.test.ts',
  'test/operators-flat-map.test.ts',
  'test/operators-merge-map.test.ts',
  'test/operators-flow.test.ts',
  'test/operators-per-event.test.ts',
  'test/operators-timing.test.ts',
  'test/operators-types.test.ts',
  'test/operators-validation.test.ts',
  'test/pipe-types.test.ts',
  'test/protocol.test.ts',
  'test/smoke.test.ts',
  'test/sources.test.ts',
  'test/terminal.test.ts',
  'test/traces.test.ts',
  'test/validation.test.ts',
];
const FUSION_FILES = ['test/fusion.test.ts', 'test/fusion-closures.test.ts', 'test/operators-per-event.test.ts'];
// Everything a vitest page needs (its scripts, inline bootstrap, websocket), but no eval or new Function.
const NO_EVAL = "default-src 'self' 'unsafe-inline' ws: data: blob:; script-src 'self' 'unsafe-inline' blob:";

function chromium(name: string, include: string[]): TestProjectInlineConfiguration {
  return {
    test: {
      name,
      include,
      testTimeout: 10_000,
      setupFiles: ['test/setup-browser.ts'],
      browser: {
        enabled: true,
        headless: true,
        // One page runs the files one after another: a second Chromium would cost more than it saves on 2 cores.
        fileParallelism: false,
        screenshotFailures: false,
        provider: playwright({
          launchOptions: {
            executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
            args: [
              '--no-sandbox',
              '--disable-gpu',
              '--disable-background-networking',
              '--disable-component-update',
              '--disable-sync',
              '--no-first-run',
            ],
          },
        }),
        instances: [{ browser: 'chromium' }],
      },
    },
  };
}

const csp = chromium('chromium-no-eval', [...FUSION_FILES, 'test/browser/no-eval.test.ts']);
csp.server = { headers: { 'Content-Security-Policy': NO_EVAL } };

export default defineConfig({
  test: { projects: [chromium('chromium', FILES), csp] },
});
