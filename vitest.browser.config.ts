// npm run test:browser: the core and operator tests that use no Node API, in headless Chromium (Debian's
// `chromium` package, driven by playwright-core; nothing is downloaded). Left out, as they need Node:
// - consumer-supervisor*, dispatchers-* (through dispatchers-fixtures.ts), merge, parallel, rxjs-*: setImmediate;
// - lifecycle, reliability-*: node:stream, node:events, node:timers/promises, process resource and env probes;
// - examples, start: the examples read process.env, and mermaid's parser needs jsdom;
// - fusion-no-eval: a child process; rxjs-optional: node:fs.
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/bad-input.test.ts',
      'test/buffer.test.ts',
      'test/demand-arithmetic.test.ts',
      'test/faults.test.ts',
      'test/fusion.test.ts',
      'test/fusion-closures.test.ts',
      'test/operators-flat-map.test.ts',
      'test/operators-flow.test.ts',
      'test/operators-per-event.test.ts',
      'test/operators-timing.test.ts',
      'test/operators-types.test.ts',
      'test/operators-validation.test.ts',
      'test/pipe-types.test.ts',
      'test/protocol.test.ts',
      'test/smoke.test.ts',
      'test/terminal.test.ts',
      'test/traces.test.ts',
      'test/validation.test.ts',
    ],
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
});
