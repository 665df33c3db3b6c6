// Fairness (DESIGN §4b.5): a pipeline never blocks the event loop for long. An endless synchronous pipeline
// of every stage kind, under both kinds of consumer, must let a 50 ms timer fire within 200 ms (a generous
// bound: the rule is "every few milliseconds"). Each case runs in its own process, because a pipeline that
// never yields would also stop this process's own timers; the test kills it at the deadline instead.
import { describe, expect, it } from 'vitest';
import { runIsolated } from './isolated.js';
import { kinds } from './probes/fairness-kinds.js';

const LATE_MS = 150; // the 50 ms timer must fire by 200 ms

describe('an endless synchronous pipeline lets a 50 ms timer fire within 200 ms', () => {
  for (const kind of Object.keys(kinds)) {
    for (const consumer of ['consume', 'for-await']) {
      it(`${kind}, consumed by ${consumer}`, async () => {
        const run = await runIsolated<{ lateMs?: number; events?: number; error?: string }>(
          'fairness',
          [kind, consumer],
          { budgetMs: 1000 },
        );
        const { result } = run;
        expect(result, `the timer never fired within 1 s: the pipeline held the event loop\n${run.stderr}`).toBeDefined();
        expect(result?.error).toBeUndefined();
        expect(result!.events, 'events flowed while the timer waited').toBeGreaterThan(0);
        expect(result!.lateMs, `the 50 ms timer fired ${Math.round(result!.lateMs!)} ms late`).toBeLessThan(LATE_MS);
      }, 8000);
    }
  }
});
