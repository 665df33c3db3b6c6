// genstage: Elixir's GenStage for TypeScript. The last stage's demand drives the flow.
export type {
  DemandOptions,
  Operator,
  Source,
  Stage,
  StageStats,
  SubscribeOptions,
  Subscription,
} from './types.js';
export type { BufferKeep } from './buffer.js';
export type { Message } from './message.js';
export type { Dispatcher, DispatcherContext, DispatcherFactory, DispatchTarget } from './dispatcher.js';
export { demandDispatcher, type DemandDispatcherOptions } from './dispatchers/demand.js';
export { from, openSubscription, type FromOptions } from './from.js';
export { producer, type Producer, type ProducerOptions, type DemandResult } from './producer.js';
export { producerConsumer, type ProducerConsumerOptions, type EventsResult } from './producer-consumer.js';
export { consume, run, toArray, type ConsumeOptions } from './consume.js';
export { pipe } from './pipe.js';
export { isStage } from './stage.js';
export { start, type RunningPipeline, type StartOptions, type StopOptions } from './lifecycle.js';
export { pipelineStats, toMermaid } from './inspect.js';
export { logger, type LoggerOptions, type TraceEvent, type Tracer } from './trace.js';
export { consumerSupervisor, type ConsumerSupervisorOptions, type RestartStrategy, type SupervisorWorker, type WorkerContext } from './consumer-supervisor.js';
export { broadcastDispatcher, type BroadcastDispatcherOptions } from './dispatchers/broadcast.js';
export { partitionDispatcher, type PartitionDispatcherOptions, type PartitionDispatcherFactory } from './dispatchers/partition.js';
export { merge } from './merge.js';
export { parallel, type ParallelOptions } from './parallel.js';
export { reduce, forEach, first, find, some, every } from './terminal.js';
