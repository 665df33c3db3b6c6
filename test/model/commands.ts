// The commands fast-check draws: what a user can do to a producer and its manual subscribers. Each runs the
// public call, lets the JS side settle, then checks every invariant.
import fc from 'fast-check';
import { assertInvariants } from './check.js';
import { settle } from './settle.js';
import { addManual, fresh, freePartitions, stopRunning, type Subscriber, type World, type Written } from './world.js';

type Cmd = fc.AsyncCommand<World, World>;

const MAX_SUBSCRIBERS = 6;

async function after(world: World, what: string): Promise<void> {
  // Bound (DESIGN §4b.4) holds at every instant, not only once settled: look right after the call too.
  const buffered = world.producer.stats().buffered;
  if (buffered > world.config.bufferSize) {
    world.violations.push(`invariant 4 (bound): producer buffered ${buffered} > bufferSize ${world.config.bufferSize} right after ${what}`);
  }
  await settle(world);
  assertInvariants(world, what);
}

const openManual = (world: World): Subscriber[] => world.subscribers.filter((s) => s.manual && s.state === 'open');
const live = (world: World) => !world.ended;

export class Push implements Cmd {
  constructor(readonly count: number) {}
  check = live;
  async run(world: World) {
    world.producer.push(fresh(world, this.count));
    await after(world, this.toString());
  }
  toString = () => `push(${this.count})`;
}

export class Write implements Cmd {
  constructor(readonly count: number) {}
  check = live;
  async run(world: World) {
    const written: Written = { ids: [], settled: false };
    written.ids = fresh(world, this.count, written);
    world.writes.push(written);
    world.producer.write(written.ids).then(
      () => {
        written.settled = true;
        world.activity++;
      },
      (error: unknown) => {
        written.settled = true;
        written.rejected = error;
        world.activity++;
      },
    );
    await after(world, this.toString());
  }
  toString = () => `write(${this.count})`;
}

export class Ask implements Cmd {
  constructor(readonly pick: number, readonly n: number) {}
  check = (world: World) => openManual(world).length > 0;
  async run(world: World) {
    const subs = openManual(world);
    const sub = subs[this.pick % subs.length]!;
    // Counted before the call: handleDemand may run inside it and compares against it.
    sub.asked += this.n;
    sub.subscription!.ask(this.n);
    await after(world, this.toString());
  }
  // Printed by position among the open manual subscribers (in order of subscription), which replays exactly.
  toString = () => `ask(open[${this.pick}], ${this.n})`;
}

export class Cancel implements Cmd {
  constructor(readonly pick: number) {}
  // MODEL_KEEP_READER=1 never leaves a middle stage without subscribers, to hunt past a known failure there.
  check = (world: World) => openManual(world).length > (process.env.MODEL_KEEP_READER && world.middle ? 1 : 0);
  async run(world: World) {
    const subs = openManual(world);
    const sub = subs[this.pick % subs.length]!;
    sub.state = 'cancelled';
    sub.cancelled = world.clock++;
    // README: a stage whose last subscriber left releases its upstream; what it held is lost with it, as
    // events delivered to a consumer that leaves are in GenStage (GenStage's semantics §4.3).
    if (world.middle && !world.subscribers.some((s) => s.state === 'open')) world.releases.push(sub.cancelled);
    const released = sub.subscription!.cancel();
    if (released) {
      released.then(
        () => world.activity++,
        (error: unknown) => world.violations.push(`cancel() of #${sub.index} rejected: ${String(error)}`),
      );
    }
    await after(world, this.toString());
  }
  toString = () => `cancel(open[${this.pick}])`;
}

export class Subscribe implements Cmd {
  constructor(readonly selectorPick: number) {}
  check = (world: World) =>
    world.subscribers.length < MAX_SUBSCRIBERS && (world.config.dispatcher !== 'partition' || freePartitions(world).length > 0);
  async run(world: World) {
    addManual(world, this.selectorPick);
    await after(world, this.toString());
  }
  toString = () => `subscribe(selector ${this.selectorPick})`;
}

export class End implements Cmd {
  check = live;
  async run(world: World) {
    world.ended = true;
    world.producer.end();
    await after(world, 'end()');
  }
  toString = () => 'end()';
}

export class Fail implements Cmd {
  check = live;
  async run(world: World) {
    const error = new Error('model: producer failed');
    world.ended = true;
    world.failure = { error };
    world.producer.fail(error);
    await after(world, 'fail()');
  }
  toString = () => 'fail(error)';
}

export class Stop implements Cmd {
  check = (world: World) => live(world) && world.running !== undefined;
  async run(world: World) {
    stopRunning(world);
    await after(world, 'stop()');
  }
  toString = () => 'stop()';
}

/** Pushes, writes and asks dominate, so runs go deep before they end. */
export function commandsArb(maxCommands: number): fc.Arbitrary<Iterable<Cmd>> {
  const count = fc.integer({ min: 1, max: 5 });
  const pick = fc.nat(5);
  return fc.commands(
    [
      count.map((n) => new Push(n)),
      // MODEL_NO_WRITE=1 leaves write() out, to hunt for failures hidden behind a known write() one.
      process.env.MODEL_NO_WRITE ? count.map((n) => new Push(n)) : count.map((n) => new Write(n)),
      fc.tuple(pick, fc.integer({ min: 1, max: 6 })).map(([p, n]) => new Ask(p, n)),
      fc.tuple(pick, fc.integer({ min: 1, max: 6 })).map(([p, n]) => new Ask(p, n)),
      pick.map((p) => new Cancel(p)),
      pick.map((p) => new Subscribe(p)),
      // One slot for the three endings, so most runs go deep before the producer ends.
      fc.constantFrom<Cmd>(new End(), new Fail(), new Stop()),
    ],
    { maxCommands },
  );
}
