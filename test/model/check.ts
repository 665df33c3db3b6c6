// All invariants at once, after the system settled; and the end of every run: end(), full demand, completion.
import { checkAcrossSubscribers, checkConservation, checkEachSubscriber } from './exactly-once.js';
import { facts, lostWithCancel, lostWithRelease, outputs, partition, selects, type Facts } from './facts.js';
import { checkBound, checkCredit, checkLiveness } from './flow.js';
import { settle } from './settle.js';
import { addManual, freePartitions, stopRunning, type World } from './world.js';

export function violations(world: World): string[] {
  const f = facts(world);
  return [
    ...world.violations,
    ...checkEachSubscriber(world, f),
    ...checkAcrossSubscribers(world, f),
    ...checkConservation(world, f),
    ...checkCredit(world),
    ...checkLiveness(world, f),
    ...checkBound(world, f),
  ];
}

export function assertInvariants(world: World, after: string): void {
  const found = violations(world);
  if (found.length > 0) throw new Error(`after ${after}:\n  ${[...new Set(found)].join('\n  ')}`);
}

// Far more than anything a run can have buffered (at most 25 commands of a few events): a source that makes events
// on demand makes up to this many more, so a larger figure only makes the final phase slower.
const FULL_DEMAND = 1_000;

/** Runs after the last command: every partition gets a reader, every reader asks plenty, the producer ends. */
export async function finalPhase(world: World): Promise<void> {
  // A failing stage, like an ending one, delivers what it holds before its error: a partition's events wait for its
  // subscriber (and events behind them in the buffer wait too), so every partition gets one.
  // (One per partition: a subscriber of a partition with nothing left ends at once, freeing it again.)
  if (world.config.dispatcher === 'partition') for (const p of freePartitions(world)) addManual(world, 0, p);
  // Someone must be there to take what is left (a new broadcast subscriber is owed nothing produced before it).
  if (!world.subscribers.some((s) => s.state === 'open')) addManual(world, 0);
  for (const sub of world.subscribers) {
    if (sub.manual && sub.state === 'open') {
      sub.asked += FULL_DEMAND;
      sub.subscription!.ask(FULL_DEMAND);
    }
  }
  if (!world.failure && !world.ended) {
    if (world.running) stopRunning(world);
    else world.producer.end();
    world.ended = true;
  }
  await settle(world);
  // A middle stage asks ahead of its subscribers, so a source that makes events on demand may have made more than
  // the asks above before end() took effect: whoever used up its demand asks again for the rest (a broadcast
  // waits for its slowest subscriber, so a few rounds may be needed).
  for (let round = 0; round < 4; round++) {
    const sated = world.subscribers.filter((s) => s.manual && s.state === 'open' && s.asked === s.received.length);
    if (sated.length === 0) break;
    for (const sub of sated) {
      sub.asked += FULL_DEMAND;
      sub.subscription!.ask(FULL_DEMAND);
    }
    await settle(world);
  }
  assertInvariants(world, 'end() and full demand');
  const found = completion(world, facts(world));
  if (found.length > 0) throw new Error(`after end() and full demand:\n  ${found.join('\n  ')}`);
}

/** After end() and full demand every stage completes, and every event not reported discarded was delivered. */
function completion(world: World, f: Facts): string[] {
  const out: string[] = [];
  for (const sub of world.subscribers) {
    if (sub.state === 'cancelled') continue;
    if (world.failure) {
      // DESIGN §5: an error reaches the consumer as the same error object.
      if (sub.state !== 'failed' || sub.error !== world.failure.error) {
        out.push(`invariant 3 (liveness): after fail(), #${sub.index} is ${sub.state} with ${String(sub.error)}, not the producer's error`);
      }
    } else if (sub.state !== 'ended') {
      out.push(`invariant 3 (liveness): after end() and full demand, #${sub.index} is ${sub.state} ${sub.error ? String(sub.error) : ''}`);
    }
  }
  if (world.failure) return out;
  for (const write of world.writes) {
    if (!write.settled || write.rejected !== undefined) out.push(`invariant 1 (exactly once): write([${write.ids}]) ${write.settled ? `rejected: ${String(write.rejected)}` : 'never resolved'}`);
  }
  if (world.stop && (!world.stop.settled || world.stop.rejected !== undefined)) out.push(`invariant 3 (liveness): stop() ${world.stop.settled ? 'rejected' : 'never settled'}`);
  if (world.done && (!world.done.settled || world.done.rejected !== undefined)) out.push(`invariant 3 (liveness): start().done ${world.done.settled ? 'rejected' : 'never settled'}`);
  // Which outputs some subscriber still present was owed: demand, any; partition, those of a partition whose
  // queue was never dropped by a cancel; broadcast, those its selector accepts, produced after it joined.
  const missing = new Set<number>();
  const finished = world.subscribers.filter((s) => s.state === 'ended');
  for (const { output, input } of outputs(world)) {
    if (lostWithRelease(world, input.at)) continue;
    if (world.config.dispatcher === 'broadcast') {
      if (finished.some((s) => s.joined < input.at && selects(s, output) && !s.received.includes(output))) missing.add(input.id);
      continue;
    }
    if (f.seenBy.has(output)) continue;
    if (world.config.dispatcher === 'partition' && (partition(world, output) === null || lostWithCancel(world, output, input.at))) continue;
    missing.add(input.id);
  }
  // GenStage's semantics §2.5: only overflow discards events, and each is counted.
  if (missing.size > world.discarded) {
    out.push(`invariant 1 (exactly once): inputs [${[...missing].slice(0, 12)}] never reached their subscriber, but only ${world.discarded} were discarded`);
  }
  return out;
}
