// Invariants 2 (credit), 3 (liveness) and 4 (bound) of DESIGN §4b, checked once the system settled.
// Section numbers (§) without "DESIGN" are those of GenStage's semantics (the behaviour of real GenStage 1.3.2).
import { expansion } from './config.js';
import { facts, lostWithCancel, outputs, partition, selects, unmet, type Facts } from './facts.js';
import type { World } from './world.js';

const I2 = 'invariant 2 (credit)';
const I3 = 'invariant 3 (liveness)';
const I4 = 'invariant 4 (bound)';

/** GenStage's default maxDemand, which the fused operators and the start()-ed consumer ask (README). */
const DEFAULT_MAX_DEMAND = 1000;

export function checkCredit(world: World): string[] {
  const out: string[] = [];
  for (const sub of world.subscribers) {
    // GenStage's semantics §2.1-2.3: a consumer receives at most what it asked; a manual one asks only by ask(n).
    if (sub.manual && sub.received.length > sub.asked) {
      out.push(`${I2}: subscriber #${sub.index} received ${sub.received.length} events but asked ${sub.asked}`);
    }
  }
  // §2.3: handleDemand gets what the dispatcher granted minus what the buffer served; a dispatcher grants at
  // most what its subscribers asked (demand/partition: the asks minus the pending demand of those that left;
  // broadcast: the rise of the slowest one's demand). A middle stage asks at most its maxDemand ahead of what
  // it received (§2.4).
  const total = world.demands.reduce((a, b) => a + b, 0);
  let asked: number;
  if (world.middle) {
    const ahead = world.config.middle.kind === 'producerConsumer' ? world.config.middle.maxDemand : DEFAULT_MAX_DEMAND;
    // A middle stage released by its last subscriber subscribes upstream anew for the next one, asking again.
    asked = world.middle.stats().received + ahead * (1 + world.releases.length);
  } else {
    asked = world.subscribers.reduce((sum, s) => sum + (s.manual ? s.asked : 0), 0);
    if (world.autoStage) asked += world.autoStage.stats().received + DEFAULT_MAX_DEMAND;
    // An event the partition hash drops serves nobody: its unit of demand is still asked and not yet served,
    // so handleDemand may see it again (GenStage keeps it in `waiting`, §3.3; asking it again is no excess).
    // Likewise events a partition queue dropped when its subscriber left: GenStage returns their count as fresh
    // upstream demand (§3.3 cancel); they can only be events of that partition produced before it left.
    if (world.config.dispatcher === 'partition') {
      const f = facts(world);
      asked += world.produced.filter((p) => partition(world, p.id) === null || (!f.seenBy.has(p.id) && lostWithCancel(world, p.id, p.at))).length;
      // Unlike GenStage, a partition queue is bounded: events within demand that a full queue hands back to the
      // stage's buffer, and that its bound then drops, are still owed to their subscribers and asked again.
      asked += world.discarded;
    }
    // §3.2: an event a broadcast subscriber's selector rejects gives its unit of demand back to that subscriber,
    // so handleDemand may be asked for it again: at most once per subscriber present when it was produced.
    if (world.config.dispatcher === 'broadcast') asked += rejectedCredits(world);
  }
  if (total > asked) out.push(`${I2}: handleDemand was asked ${total} in all (${world.demands}) but subscribers asked only ${asked}`);
  return out;
}

function rejectedCredits(world: World): number {
  let credits = 0;
  for (const sub of world.subscribers) {
    if (!sub.manual || sub.selector === 'all') continue;
    for (const p of world.produced) {
      const present = sub.joined < p.at && (sub.cancelled === undefined || sub.cancelled > p.at);
      if (present && !selects(sub, p.id)) credits++;
    }
  }
  return credits;
}

/** Nothing may stall: events held where a subscriber with unmet demand may take them must reach it. */
export function checkLiveness(world: World, f: Facts): string[] {
  if (world.failure) return [];
  const out: string[] = [];
  // Events a lossless write still holds are held too: a write waits for room, never for a subscriber with demand.
  const held = f.buffered + f.middleBuffered + f.pendingWrite.size;
  // A lossless write waits only for room (DESIGN §1): with room in the buffer it must have gone in.
  if (f.pendingWrite.size > 0 && f.buffered < f.bufferSize) {
    out.push(`${I3}: ${f.pendingWrite.size} written events wait although the buffer holds ${f.buffered} of ${f.bufferSize}`);
  }
  const hungry = f.open.filter((s) => unmet(s) > 0);
  const kind = world.config.dispatcher;
  if (kind === 'demand' && hungry.length > 0 && held > 0) {
    // §3.1: any subscriber with demand takes the next events; a cancelled one's demand is given back (pending)
    // and what comes for it is buffered for the others (§3.1 cancel), so nothing waits while anyone has demand.
    out.push(`${I3}: ${held} events held (producer ${f.buffered}, middle ${f.middleBuffered}, writes ${f.pendingWrite.size}) while #${hungry.map((s) => s.index).join(', #')} ha${hungry.length > 1 ? 've' : 's'} unmet demand`);
  }
  if (kind === 'broadcast' && f.open.length > 0 && hungry.length === f.open.length && held > 0) {
    // §3.2: a broadcast waits for the slowest subscriber only; once every one has demand, events flow.
    out.push(`${I3}: ${held} events held while every broadcast subscriber has unmet demand`);
  }
  if (kind === 'partition') out.push(...partitionLiveness(world, f));
  // A stage ends once its upstream ended and it delivered all it holds (DESIGN §5).
  if (world.ended && held === 0 && f.pendingWrite.size === 0 && kind !== 'partition' && !world.middle) {
    const stuck = f.open.filter((s) => s.manual);
    if (stuck.length > 0) out.push(`${I3}: the producer ended and holds nothing, but #${stuck.map((s) => s.index).join(', #')} never completed`);
  }
  return out;
}

/**
 * DESIGN §4b.3 for partitions: an event held for a partition whose subscriber has unmet demand moves on. GenStage
 * stops a dispatch once the pooled demand is spent, stranding such events; genstage goes on while a subscriber has
 * demand, parking the others' events in their queues (README, differs on purpose). What may still hold one back: a
 * full partition queue (the bound, `bufferSize` events) of a subscriber without demand.
 */
function partitionLiveness(world: World, f: Facts): string[] {
  const hungry = f.open.filter((s) => unmet(s) > 0);
  if (hungry.length === 0 || f.buffered + f.middleBuffered === 0) return [];
  if (world.middle) {
    const owners = Array.from({ length: world.config.partitions }, (_, p) => f.open.find((s) => s.partition === p));
    if (!owners.every((s) => s !== undefined && unmet(s) > 0)) return [];
    return [`${I3}: ${f.buffered + f.middleBuffered} events held although every partition's subscriber has unmet demand`];
  }
  if (blockedPartition(world, f)) return [];
  const stranded = outputs(world).filter(({ output, input }) => {
    const owner = hungry.find((s) => s.partition === partition(world, output));
    return owner !== undefined && !f.seenBy.has(output) && !f.pendingWrite.has(input.id) && !lostWithCancel(world, output, input.at);
  });
  if (stranded.length === 0) return [];
  return [`${I3}: [${stranded.map((w) => w.output).slice(0, 10)}] held although their partition's subscriber has unmet demand and no partition queue is full`];
}

/** A partition whose subscriber has no demand (or is absent) with at least `bufferSize` events waiting for it. */
function blockedPartition(world: World, f: Facts): boolean {
  const waiting = new Map<number, number>();
  for (const { output } of outputs(world)) {
    const p = partition(world, output);
    if (p === null || f.seenBy.has(output)) continue; // unseen: queued, held, or possibly dropped by a cancel
    waiting.set(p, (waiting.get(p) ?? 0) + 1);
  }
  for (const [p, count] of waiting) {
    const owner = f.open.find((s) => s.partition === p);
    if ((owner === undefined || unmet(owner) === 0) && count >= f.bufferSize) return true;
  }
  return false;
}

export function checkBound(world: World, f: Facts): string[] {
  const out: string[] = [];
  // DESIGN §4b.4: a producer (maxDemand 0) holds at most bufferSize; stats().buffered is what it holds.
  if (f.buffered > f.bufferSize) out.push(`${I4}: producer buffered ${f.buffered} > bufferSize ${f.bufferSize}`);
  const middle = world.config.middle;
  if (middle.kind !== 'none') {
    // §2.4: a producer_consumer handles one upstream message (at most maxDemand events) whole once any demand
    // exists, and its output beyond the demand is buffered; it handles no more until that is delivered.
    const maxDemand = middle.kind === 'producerConsumer' ? middle.maxDemand : DEFAULT_MAX_DEMAND;
    const limit = expansion(middle) * maxDemand;
    if (f.middleBuffered > limit) out.push(`${I4}: middle stage buffered ${f.middleBuffered} > ${limit} (its maxDemand × outputs per event)`);
  }
  return out;
}
