// Settling: the model checks invariants only once the JS side is quiet, i.e. no stage, reader or writer did
// anything for a few macrotask turns. Handlers are synchronous and no timer is involved, so quiet means done.

/** Anything the system under test does bumps `activity`; settle() waits until it stops moving. */
export interface Activity {
  activity: number;
}

const QUIET_TURNS = 3;
const MAX_TURNS = 2_000;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
// Stages yield to the event loop now and then (DESIGN §4b.5), possibly through a timer: one timer turn too.
const timerTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Waits until `activity` stayed the same for QUIET_TURNS setImmediate turns. A system that is still busy after
 * MAX_TURNS is livelocked (events ping-ponging forever): that breaks liveness as surely as a stall does.
 */
export async function settle(system: Activity): Promise<void> {
  let quiet = 0;
  let last = system.activity;
  for (let i = 0; i < MAX_TURNS; i++) {
    await turn();
    if (system.activity === last) {
      if (++quiet < QUIET_TURNS) continue;
      await timerTurn();
      if (system.activity === last) return;
      quiet = 0;
      last = system.activity;
    } else {
      quiet = 0;
      last = system.activity;
    }
  }
  throw new Error(`invariant 3 (liveness): the system never settled (still busy after ${MAX_TURNS} turns)`);
}
