// Any unhandled rejection anywhere fails the suite: genstage promises never to leave one behind. Console
// warnings a test did not declare fail it too (see warnings.ts).
import { afterAll } from 'vitest';
import { captureWarnings } from './warnings.js';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => {
  unhandled.push(reason);
};
process.on('unhandledRejection', onUnhandled);

afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  if (unhandled.length > 0) {
    throw new Error(`unhandled rejection(s) during the tests: ${unhandled.map(String).join('; ')}`);
  }
});

captureWarnings();
