// Invariant 1, exactly once and in order (DESIGN §4b.1), checked after every settled command.
import { outputsOf } from './config.js';
import { broadcastWitness, lostWithCancel, lostWithRelease, partition, selects, sourceOf, type Facts } from './facts.js';
import type { World } from './world.js';

const I1 = 'invariant 1 (exactly once)';

/** What every subscriber got, alone: non-empty batches, increasing events, the right partition or selector. */
export function checkEachSubscriber(world: World, f: Facts): string[] {
  const out: string[] = [];
  const kind = world.config.dispatcher;
  for (const sub of world.subscribers) {
    const name = `subscriber #${sub.index}`;
    // The demand protocol (DESIGN §3): an empty batch is never delivered (README: broadcast never sends one).
    if (sub.emptyBatches > 0) out.push(`${I1}: ${name} got ${sub.emptyBatches} empty batch(es)`);
    // Events handed over after cancel() reach nobody (the reader has gone): that is a loss the user never sees.
    if (sub.afterCancel.length > 0) out.push(`${I1}: ${name} got [${sub.afterCancel}] after it cancelled`);
    for (let i = 1; i < sub.received.length; i++) {
      // Events are produced in increasing order, and every transform keeps that order: a subscriber must see
      // them increasing, else it got one twice or out of the order it was produced in.
      if (sub.received[i]! <= sub.received[i - 1]!) {
        out.push(`${I1}: ${name} got ${sub.received[i]} after ${sub.received[i - 1]} (duplicate or out of order)`);
        break;
      }
    }
    for (const event of sub.received) {
      const source = sourceOf(world, event);
      const produced = f.input.get(source);
      if (!produced || !outputsOf(world.config.middle, source).includes(event)) {
        out.push(`${I1}: ${name} got ${event}, which was never produced`);
        break;
      }
      if (kind === 'partition' && partition(world, event) !== sub.partition) {
        out.push(`${I1}: ${name} of partition ${sub.partition} got ${event} of partition ${partition(world, event)}`);
        break;
      }
      if (kind === 'broadcast' && !selects(sub, event)) {
        out.push(`${I1}: ${name} (selector ${sub.selector}) got ${event}, which its selector rejects`);
        break;
      }
    }
  }
  return out;
}

/** Across subscribers: one receiver per event (demand, partition), or every subscriber present (broadcast). */
export function checkAcrossSubscribers(world: World, f: Facts): string[] {
  const out: string[] = [];
  if (world.config.dispatcher !== 'broadcast') {
    for (const [event, subs] of f.seenBy) {
      if (subs.length > 1) out.push(`${I1}: ${event} reached subscribers #${subs.map((s) => s.index).join(', #')}`);
    }
    return out;
  }
  // GenStage's semantics §3.2: a broadcast dispatch hands the same slice to every subscriber at once, each
  // filtered by its selector. So an event someone read was dispatched at the latest then, and every subscriber
  // there at that time (joined before it was produced, not cancelled before it was read) must have it too.
  for (const [event, subs] of f.seenBy) {
    const firstRead = world.firstRead.get(event)!;
    const at = f.input.get(sourceOf(world, event))!.at;
    for (const sub of world.subscribers) {
      if (subs.includes(sub) || !selects(sub, event) || sub.joined > at) continue;
      if (sub.cancelled !== undefined && sub.cancelled < firstRead) continue;
      if (sub.state === 'failed') continue;
      out.push(`${I1}: broadcast ${event} reached #${subs.map((s) => s.index).join(', #')} but not #${sub.index}, subscribed since before it was produced`);
    }
    // Nor can a subscriber get an event that was dispatched before it joined: there is no replay.
    for (const sub of subs) {
      if (sub.joined > firstRead) out.push(`${I1}: #${sub.index} got ${event}, dispatched before it subscribed`);
    }
  }
  return out;
}

/**
 * Conservation: every produced event is delivered, buffered (stats().buffered), discarded (and then reported
 * through onDiscard), or held where GenStage allows it to be: in a write still waiting for room, in a middle
 * stage's hands, in a partition queue, or gone with a subscriber that left (GenStage's semantics §3.1, §3.3, §4.3).
 */
export function checkConservation(world: World, f: Facts): string[] {
  if (world.failure) return []; // fail() drops the buffer (DESIGN §5): nothing left to count.
  const out: string[] = [];
  const reported = world.producer.stats().discarded;
  // GenStage's semantics §2.5: each overflow is counted and reported; onDiscard is that report.
  if (reported !== world.discarded) out.push(`${I1}: stats().discarded is ${reported} but onDiscard reported ${world.discarded}`);
  const produced = world.produced.length;
  const accounted = delivered(world, f) + f.buffered + world.discarded;
  if (accounted > produced) {
    out.push(`${I1}: delivered inputs + buffered ${f.buffered} + discarded ${world.discarded} = ${accounted} > produced ${produced}`);
  }
  const slack = allowedElsewhere(world, f);
  if (produced - accounted > slack) {
    out.push(`${I1}: ${produced - accounted} produced events are neither delivered, buffered nor reported discarded (at most ${slack} may be held elsewhere)`);
  }
  return out;
}

/** Inputs that reached a subscriber: all outputs seen (demand, partition), or any output seen (broadcast). */
function delivered(world: World, f: Facts): number {
  let count = 0;
  for (const p of world.produced) {
    const outs = outputsOf(world.config.middle, p.id);
    if (outs.length === 0) continue;
    const seen = outs.filter((o) => f.seenBy.has(o)).length;
    if (world.config.dispatcher === 'broadcast' ? seen > 0 : seen === outs.length) count++;
  }
  return count;
}

/** How many inputs may be legitimately out of sight (see checkConservation). */
function allowedElsewhere(world: World, f: Facts): number {
  const { config } = world;
  let slack = 0;
  for (const p of world.produced) {
    const outs = outputsOf(config.middle, p.id);
    if (f.pendingWrite.has(p.id) || lostWithRelease(world, p.at)) slack++;
    // An input the middle stage filters out leaves no trace: handled, held or discarded, nobody can tell.
    else if (outs.length === 0) slack++;
    else if (outs.some((o) => !f.seenBy.has(o) && mayBeElsewhere(world, f, o, p.at))) slack++;
  }
  if (config.middle.kind === 'producerConsumer') slack += config.middle.maxDemand;
  if (config.middle.kind === 'fused') slack += 1000; // operators ask GenStage's default maxDemand (README)
  return slack + Math.ceil(f.middleBuffered);
}

function mayBeElsewhere(world: World, f: Facts, output: number, at: number): boolean {
  if (world.config.dispatcher === 'broadcast') return broadcastWitness(world, f, output, at) === undefined;
  if (world.config.dispatcher === 'partition') return partition(world, output) === null || partitionMayHold(world, f, output, at);
  return false;
}

/** A partition queue holds events while its subscriber has no demand or is absent (GenStage's semantics §3.3). */
function partitionMayHold(world: World, f: Facts, output: number, at: number): boolean {
  if (lostWithCancel(world, output, at)) return true;
  const owner = f.open.find((s) => s.partition === partition(world, output));
  return owner === undefined || owner.asked - owner.received.length === 0;
}
