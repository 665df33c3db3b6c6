// The probes' side of the protocol of ../isolated.ts: one READY line when the measured part starts, one
// RESULT line (JSON), then the process leaves, whatever is still scheduled.

export function ready(): void {
  process.stdout.write('READY\n');
}

export function report(result: unknown): void {
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

export function finish(result: unknown): never {
  report(result);
  process.exit(0);
}

/** Lets every pending promise job and immediate run: a few macrotask turns. */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** An endless synchronous source of integers, counting what was pulled from it. */
export function endless() {
  const state = { pulled: 0 };
  function* generate(): Generator<number> {
    for (;;) yield state.pulled++;
  }
  return { state, generate };
}
