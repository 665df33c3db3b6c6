// The shrunk counterexamples the model-based tests found, replayed as fixed command sequences: each checks
// the same invariants (DESIGN §4b) after every command and after end() with full demand, deterministically.
import { describe, test } from 'vitest';
import { finalPhase, assertInvariants } from './model/check.js';
import { Ask, Cancel, End, Fail, Push, Subscribe, Write } from './model/commands.js';
import type { Config, Middle } from './model/config.js';
import { allowMixedDemands } from './model/run.js';
import { settle } from './model/settle.js';
import { buildWorld } from './model/world.js';

allowMixedDemands();

const none: Middle = { kind: 'none' };
const base: Config = {
  dispatcher: 'demand', bufferSize: Number.POSITIVE_INFINITY, bufferKeep: 'first', demandYield: 0, partitions: 2,
  middle: none, initialSubscribers: 1, started: false,
};

// `open[k]`: the k-th (mod count) open manual subscriber, as the property tests print it.
const cases: [string, Partial<Config>, () => { run(world: never): Promise<void> }[]][] = [
  ['demand, bufferSize 0: a waiting write() reaches a subscriber that asks', { bufferSize: 0 },
    () => [new Write(1), new Ask(0, 1)]],
  ['demand, bufferSize 1 keep last: a push does not overtake a waiting write()', { bufferSize: 1, bufferKeep: 'last' },
    () => [new Write(2), new Push(1), new Ask(0, 1)]],
  ['demand: demand given back by a cancelled subscriber does not hold the buffer back', { bufferSize: 5 },
    () => [new Ask(0, 2), new Subscribe(0), new Cancel(0), new Push(1), new Ask(0, 1)]],
  ['broadcast: an event a selector rejects gives its unit of demand back, so handleDemand is asked for it again', { dispatcher: 'broadcast', initialSubscribers: 2, demandYield: 1 },
    () => [new Cancel(0), new Ask(0, 1)]],
  ['broadcast: after the last subscriber left, a new one with demand gets the buffer', { dispatcher: 'broadcast' },
    () => [new Ask(0, 2), new Cancel(0), new Push(1), new Subscribe(0), new Ask(0, 1)]],
  ['broadcast, bufferSize 3: selector credits are served one at a time, so none asks handleDemand for what the buffer holds',
    { dispatcher: 'broadcast', bufferSize: 3, initialSubscribers: 2 },
    () => [new Push(3), new Subscribe(0), new Write(4), new Cancel(0), new Subscribe(4), new Ask(2, 3)]],
  ['partition: end() keeps a queued event for its partition until it is delivered', { dispatcher: 'partition' },
    () => [new Cancel(0), new Push(2), new Ask(0, 2), new End(), new Subscribe(0)]],
  ['partition, bufferSize 1: stats().buffered stays within bufferSize', { dispatcher: 'partition', bufferSize: 1 },
    () => [new Write(4), new Ask(0, 1), new Ask(0, 2)]],
  ['partition, 3 partitions, bufferSize 1: handleDemand is asked again only for events the full buffer dropped',
    { dispatcher: 'partition', partitions: 3, bufferSize: 1, demandYield: 3 },
    () => [new Ask(0, 1)]],
  ['partition, 3 partitions: an event queued for a partition that lost its subscriber reaches the next one after end()',
    { dispatcher: 'partition', partitions: 3, demandYield: 1 },
    () => [new Cancel(4), new Ask(0, 1), new End()]],
  ['partition, bufferSize 0: a written event that a full partition queue hands back stays with its writer',
    { dispatcher: 'partition', bufferSize: 0 },
    () => [new Write(1), new Ask(0, 1)]],
  ['partition, bufferSize 2: room a dispatch made lets a waiting write in, behind what was handed back',
    { dispatcher: 'partition', bufferSize: 2 },
    () => [new Write(1), new Write(4), new Ask(0, 3)]],
  ['partition, bufferSize 1: after fail(), a later subscriber of a partition gets its events, then every one the error',
    { dispatcher: 'partition', bufferSize: 1 },
    () => [new Cancel(1), new Ask(0, 1), new Ask(0, 1), new Push(1), new Push(2), new Fail()]],
  ['fused map+filter: an operator subscribed anew for a later subscriber asks upstream again',
    { middle: { kind: 'fused', shape: 'map+filter' } },
    () => [new Cancel(0), new Write(1), new Subscribe(0), new Cancel(0)]],
  ['producerConsumer, demandYield 3: events made ahead of the asks reach a subscriber that asks again',
    { demandYield: 3, middle: { kind: 'producerConsumer', transform: 'identity', maxDemand: 4, minDemand: 1 } },
    () => []],
  ['producerConsumer dup + broadcast, demandYield 2: everyone completes after a subscriber with a selector left',
    { dispatcher: 'broadcast', initialSubscribers: 2, demandYield: 2, middle: { kind: 'producerConsumer', transform: 'dup', maxDemand: 2, minDemand: 0 } },
    () => [new Subscribe(0), new Ask(0, 1), new Cancel(1)]],
  ['partition, unbounded: an event behind another partition\'s reaches its subscriber with demand',
    { dispatcher: 'partition' },
    () => [new Push(5), new Ask(3, 1), new Push(5), new Ask(0, 5)]],
  ['producerConsumer: a new subscriber after the last one left gets what the producer buffered',
    { middle: { kind: 'producerConsumer', transform: 'identity', maxDemand: 1, minDemand: 0 } },
    () => [new Cancel(0), new Push(1)]],
  ['fused map+filter: a new subscriber after fail() gets the error, not a normal end', { middle: { kind: 'fused', shape: 'map+filter' } },
    () => [new Cancel(0), new Fail()]],
  ['producerConsumer + broadcast: no handling beyond what a late subscriber with no demand can take',
    { dispatcher: 'broadcast', middle: { kind: 'producerConsumer', transform: 'identity', maxDemand: 1, minDemand: 0 } },
    () => [new Ask(0, 1), new Subscribe(0), new Push(2)]],
];

describe('model counterexamples, replayed', () => {
  test.each(cases)('%s', async (_name, overrides, commands) => {
    const world = buildWorld({ ...base, ...overrides });
    await settle(world);
    assertInvariants(world, 'setup');
    for (const command of commands()) await command.run(world as never);
    await finalPhase(world);
  });
});
