import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/browser/: tests of the browser run only (npm run test:browser), e.g. under a no-eval CSP.
    exclude: [...configDefaults.exclude, 'test/browser/**'],
    testTimeout: 10_000,
    setupFiles: ['test/setup.ts'],
  },
});
