// Facts derived from a World's record that several invariants share: who saw which output, which input an
// output came from, what each subscriber may still take.
import { inputOf, outputsOf, partitionOf, SELECTORS } from './config.js';
import type { Produced, Subscriber, World } from './world.js';

export interface Facts {
  /** Output event -> the subscribers that received it (before cancelling). */
  seenBy: Map<number, Subscriber[]>;
  /** Input event -> its record. */
  input: Map<number, Produced>;
  /** Inputs of writes not resolved yet: the writer may still hold them (lossless write waits for room). */
  pendingWrite: Set<number>;
  open: Subscriber[];
  bufferSize: number;
  buffered: number;
  middleBuffered: number;
}

export function facts(world: World): Facts {
  const seenBy = new Map<number, Subscriber[]>();
  for (const sub of world.subscribers) {
    for (const event of sub.received) {
      const list = seenBy.get(event);
      if (list) list.push(sub);
      else seenBy.set(event, [sub]);
    }
  }
  const input = new Map(world.produced.map((p) => [p.id, p]));
  const pendingWrite = new Set<number>();
  for (const write of world.writes) if (!write.settled) for (const id of write.ids) pendingWrite.add(id);
  return {
    seenBy,
    input,
    pendingWrite,
    open: world.subscribers.filter((s) => s.state === 'open'),
    bufferSize: world.config.bufferSize,
    buffered: world.producer.stats().buffered,
    middleBuffered: world.middle?.stats().buffered ?? 0,
  };
}

/** Demand a subscriber asked and was not served yet. The start()-ed consumer always asks again: unbounded. */
export function unmet(sub: Subscriber): number {
  return sub.manual ? sub.asked - sub.received.length : Number.POSITIVE_INFINITY;
}

export function selects(sub: Subscriber, output: number): boolean {
  return SELECTORS[sub.selector](output);
}

/** Every output the producer's events can turn into, with the time their input was produced. */
export function outputs(world: World): { output: number; input: Produced }[] {
  const list: { output: number; input: Produced }[] = [];
  for (const p of world.produced) for (const output of outputsOf(world.config.middle, p.id)) list.push({ output, input: p });
  return list;
}

export function sourceOf(world: World, output: number): number {
  return inputOf(world.config.middle, output);
}

export function partition(world: World, output: number): number | null {
  return partitionOf(output, world.config.partitions);
}

/**
 * GenStage's semantics §3.3 (cancel): a partition's queued events are discarded when its subscriber leaves, and
 * GenStage's semantics §4.3: events handed to a consumer that leaves are lost with it. So an output of partition p produced before
 * a subscriber of p cancelled may be gone without any report.
 */
export function lostWithCancel(world: World, output: number, producedAt: number): boolean {
  const p = partition(world, output);
  return world.subscribers.some((s) => s.partition === p && s.cancelled !== undefined && s.cancelled > producedAt);
}

/**
 * A broadcast subscriber that joined before the event was produced and is still subscribed was subscribed when
 * it was dispatched (dispatch comes after production): it must get the event if its selector accepts it.
 */
export function broadcastWitness(world: World, f: Facts, output: number, producedAt: number): Subscriber | undefined {
  return f.open.find((s) => s.joined < producedAt && selects(s, output));
}

/** An input the middle stage may have held when it released its upstream (README: lost with it). */
export function lostWithRelease(world: World, producedAt: number): boolean {
  return world.releases.some((at) => at > producedAt);
}
