// Warnings during the tests: genstage warns on console (GenStage's discard and demand warnings), and some tests
// provoke those on purpose. Each test's console.warn and console.error output is captured: what the test
// declared with allowWarnings() is kept quiet (and shown only if the test fails); anything else fails the
// test, so `npm test` prints nothing a reader would take for a failure and no unexpected warning slips by.
import { afterEach, beforeEach, type TestContext } from 'vitest';

type Channel = 'warn' | 'error';

let allowed: RegExp[] = [];
let captured: { channel: Channel; message: string; args: unknown[] }[] = [];
const original = { warn: console.warn, error: console.error };

/** Declares warnings this test expects (each matching one of `patterns`); call it in the test or a beforeEach. */
export function allowWarnings(...patterns: RegExp[]): void {
  allowed.push(...patterns);
}

/** The message of a console call, as it would be printed (arguments joined by spaces). */
function messageOf(args: unknown[]): string {
  return args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' ');
}

function capture(channel: Channel) {
  return (...args: unknown[]) => void captured.push({ channel, message: messageOf(args), args });
}

// A failing property test may have provoked thousands of expected warnings: a few show their kind, the rest
// would bury the counterexample.
const REPLAYED = 20;

function replay(entries: typeof captured): void {
  for (const entry of entries.slice(0, REPLAYED)) original[entry.channel](...entry.args);
  if (entries.length > REPLAYED) original.warn(`(${entries.length - REPLAYED} more expected warnings not shown)`);
}

/** Installed by test/setup.ts for every test file. */
export function captureWarnings(): void {
  beforeEach(() => {
    allowed = [];
    captured = [];
    console.warn = capture('warn');
    console.error = capture('error');
  });
  afterEach((context: TestContext) => {
    console.warn = original.warn;
    console.error = original.error;
    const expected = captured.filter((entry) => allowed.some((pattern) => pattern.test(entry.message)));
    const unexpected = captured.filter((entry) => !expected.includes(entry));
    if (context.task.result?.state === 'fail') replay(expected);
    if (unexpected.length > 0) {
      const list = unexpected.map((entry) => `  console.${entry.channel}: ${entry.message}`).join('\n');
      throw new Error(
        `unexpected console output during the test (declare expected output with allowWarnings()):\n${list}`,
      );
    }
  });
}

/** GenStage's warning when consumers of one demand-dispatched stage ask different maximum demands. */
export const MIXED_DEMANDS = /DemandDispatcher expects a maximum demand of \d+\. Using different maximum demands/;
