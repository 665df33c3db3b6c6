// Replays one corpus scenario against genstage through its public API only, and returns what happened
// during each step in the corpus's own format, so it can be compared with what real GenStage did.
import {
  broadcastDispatcher,
  consume,
  demandDispatcher,
  openSubscription,
  partitionDispatcher,
  producer,
  producerConsumer,
  type DispatcherFactory,
  type Producer,
  type Stage,
  type SubscribeOptions,
  type Subscription,
  type Tracer,
} from '../../src/index.js';
import { StepRecorder } from './recorder.js';
import {
  selectorFor,
  transformFor,
  type DispatcherSpec,
  type Observation,
  type ProducerConsumerSpec,
  type ProducerSpec,
  type Scenario,
  type Step,
} from './scenario.js';

interface Consumer {
  /** Set when the scenario cancelled it: its end is then its own doing, not a `done`. */
  cancelled: boolean;
  subscription?: Subscription<number>;
  controller?: AbortController;
}

interface World {
  source: Producer<number>;
  /** Where consumers subscribe: the producer_consumer if there is one, else the producer. */
  stage: Stage<number>;
  recorder: StepRecorder;
  consumers: Map<number, Consumer>;
  /** Set by `end`: the producer's handle_demand emits and records nothing from then on. */
  stopped: { value: boolean };
}

export interface ReplayOptions {
  /** Receives the producer's and producer_consumer's trace events: to see why a step went as it did. */
  trace?: Tracer;
  /** Called before each step is applied, to tell the trace events of one step from the next (events after
   *  the last step's also include the teardown, which cancels every consumer and ends the producer). */
  onStep?(index: number, step: Step): void;
}

/** Runs every step of `scenario` and returns one observation per step. */
export async function replayScenario(scenario: Scenario, options: ReplayOptions = {}): Promise<Observation[]> {
  const world = build(scenario, options.trace);
  const observed: Observation[] = [];
  for (let i = 0; i < scenario.steps.length; i++) {
    const step = scenario.steps[i]!;
    options.onStep?.(i, step);
    try {
      apply(world, step);
    } catch (error) {
      world.recorder.error(`step ${i} (${step.op})`, error);
    }
    await world.recorder.settle();
    observed.push(world.recorder.take(i));
  }
  await teardown(world);
  return observed;
}

function build(scenario: Scenario, trace: Tracer | undefined): World {
  let pcStage: Stage<number> | undefined;
  const recorder = new StepRecorder(() => ({
    producer: source.stats().buffered,
    pc: pcStage?.stats().buffered,
  }));
  const stopped = { value: false };
  const source = makeProducer(scenario.producer, recorder, stopped, trace);
  if (scenario.producer_consumer !== null) {
    pcStage = makeProducerConsumer(scenario.producer_consumer, recorder, trace)(source);
  }
  return { source, stage: pcStage ?? source, recorder, consumers: new Map(), stopped };
}

function makeProducer(
  spec: ProducerSpec,
  recorder: StepRecorder,
  stopped: { value: boolean },
  trace: Tracer | undefined,
): Producer<number> {
  let emitted = 0;
  const handleDemand = (n: number): number[] => {
    if (stopped.value) return [];
    recorder.demand(n);
    const wanted = spec.demand === 'none' ? 0 : spec.demand === 'counter' ? n : Math.ceil(n / 2);
    const count = Math.max(0, Math.min(wanted, spec.limit - emitted));
    const events = Array.from({ length: count }, (_, i) => emitted + i);
    emitted += count;
    return events;
  };
  return producer<number>({
    ...(spec.buffer_size === null ? {} : { bufferSize: spec.buffer_size === 'infinity' ? Infinity : spec.buffer_size }),
    bufferKeep: spec.buffer_keep,
    dispatcher: makeDispatcher(spec.dispatcher),
    handleDemand,
    onDiscard: (count) => recorder.discard(count),
    ...(trace === undefined ? {} : { trace }),
  });
}

function makeProducerConsumer(spec: ProducerConsumerSpec, recorder: StepRecorder, trace: Tracer | undefined) {
  const transform = transformFor(spec.transform);
  return producerConsumer<number, number>(
    (events) => {
      recorder.handled(events);
      return transform(events);
    },
    {
      ...demandOptions(spec.max_demand, spec.min_demand),
      dispatcher: makeDispatcher(spec.dispatcher),
      ...(trace === undefined ? {} : { trace }),
    },
  );
}

function makeDispatcher(spec: DispatcherSpec): DispatcherFactory<number> {
  switch (spec.type) {
    case 'demand':
      return demandDispatcher();
    case 'broadcast':
      return broadcastDispatcher();
    case 'partition': {
      const partitions = spec.partitions;
      return partitionDispatcher<number>({ partitions, hash: (e) => (e < 0 ? null : e % partitions) });
    }
    default:
      throw new Error(`unknown dispatcher ${JSON.stringify(spec)}`);
  }
}

/** `null` in the corpus is GenStage's default: the option is left out. */
function demandOptions(maxDemand: number | null, minDemand: number | null): { maxDemand?: number; minDemand?: number } {
  return {
    ...(maxDemand === null ? {} : { maxDemand }),
    ...(minDemand === null ? {} : { minDemand }),
  };
}

function apply(world: World, step: Step): void {
  switch (step.op) {
    case 'subscribe':
      return subscribe(world, step);
    case 'ask':
      return consumerOf(world, step.consumer).subscription!.ask(step.n);
    case 'push':
      return world.source.push(step.events);
    case 'cancel':
      return cancel(world, step.consumer);
    case 'end':
      world.stopped.value = true;
      return world.source.end();
    default:
      throw new Error(`unknown step ${JSON.stringify(step)}`);
  }
}

function subscribe(world: World, step: Extract<Step, { op: 'subscribe' }>): void {
  if (world.consumers.has(step.consumer)) throw new Error(`consumer ${step.consumer} subscribes twice`);
  const options: SubscribeOptions<number> = demandOptions(step.max_demand, step.min_demand);
  const selector = selectorFor(step.selector);
  if (selector !== undefined) options.selector = selector;
  if (step.partition !== null) options.partition = step.partition;
  const consumer: Consumer = { cancelled: false };
  world.consumers.set(step.consumer, consumer);
  if (step.mode === 'manual') {
    consumer.subscription = openSubscription(world.stage, options);
    void readManual(world.recorder, step.consumer, consumer);
  } else {
    consumer.controller = new AbortController();
    runAuto(world, step.consumer, consumer, options);
  }
}

/** A manual consumer reads every batch as it arrives, until the subscription ends. */
async function readManual(recorder: StepRecorder, id: number, consumer: Consumer): Promise<void> {
  const subscription = consumer.subscription!;
  try {
    for (;;) {
      let batch = subscription.next();
      if (batch !== null && !Array.isArray(batch)) batch = await batch;
      if (batch === null) {
        if (!consumer.cancelled) recorder.finished(id);
        return;
      }
      recorder.batch(id, batch as readonly number[]);
    }
  } catch (error) {
    recorder.error(`consumer ${id} next()`, error);
  }
}

/** An automatic consumer: each handler call is one batch; aborting its signal is its cancel. */
function runAuto(world: World, id: number, consumer: Consumer, options: SubscribeOptions<number>): void {
  const signal = consumer.controller!.signal;
  consume(world.stage.subscribe(options), (events) => world.recorder.batch(id, events), { signal }).then(
    () => {
      if (!consumer.cancelled) world.recorder.finished(id);
    },
    (error) => {
      // Rejecting with the abort reason is how consume() reports the cancel the scenario asked for.
      if (signal.aborted && error === signal.reason) return;
      world.recorder.error(`consumer ${id} consume()`, error);
    },
  );
}

function cancel(world: World, id: number): void {
  const consumer = consumerOf(world, id);
  consumer.cancelled = true;
  if (consumer.controller !== undefined) {
    consumer.controller.abort();
    return;
  }
  Promise.resolve(consumer.subscription!.cancel()).catch((error) => world.recorder.error(`consumer ${id} cancel()`, error));
}

function consumerOf(world: World, id: number): Consumer {
  const consumer = world.consumers.get(id);
  if (consumer === undefined) throw new Error(`consumer ${id} is not subscribed`);
  return consumer;
}

/** Leaves nothing running behind a scenario: every consumer cancels, the producer ends. */
async function teardown(world: World): Promise<void> {
  for (const [id, consumer] of world.consumers) {
    if (!consumer.cancelled) {
      try {
        cancel(world, id);
      } catch {
        // Already finished: nothing to release.
      }
    }
  }
  world.stopped.value = true;
  world.source.end();
  await world.recorder.settle();
}
