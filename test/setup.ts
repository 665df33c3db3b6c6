// Any unhandled rejection anywhere fails the suite: genstage promises never to leave one behind.
import { afterAll } from 'vitest';

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
