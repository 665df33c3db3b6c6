// test/setup.ts for the browser run (vitest.browser.config.ts): the same rules, with the browser's own
// unhandled-rejection event in place of Node's process event.
import { afterAll } from 'vitest';
import { captureWarnings } from './warnings.js';

const unhandled: unknown[] = [];
const onUnhandled = (event: PromiseRejectionEvent) => {
  unhandled.push(event.reason);
};
window.addEventListener('unhandledrejection', onUnhandled);

afterAll(() => {
  window.removeEventListener('unhandledrejection', onUnhandled);
  if (unhandled.length > 0) {
    throw new Error(`unhandled rejection(s) during the tests: ${unhandled.map(String).join('; ')}`);
  }
});

captureWarnings();
