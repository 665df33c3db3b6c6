// genstage: Elixir's GenStage for TypeScript. The last stage's demand drives the flow.
export type {
  DemandOptions,
  Operator,
  Source,
  SourceValue,
  Stage,
  StageStats,
  SubscribeOptions,
  Subscription,
} from './types.js';
export type { BufferKeep } from './protocol/ring-buffer.js';
export type { Message } from './message.js';
export type { Dispatcher, DispatcherContext, DispatcherFactory, DispatchTarget } from './dispatchers/dispatcher.js';
export { demandDispatcher, type DemandDispatcherOptions } from './dispatchers/demand.js';
export { from, openSubscription, type FromOptions } from './stages/from.js';
export { producer, type Producer, type ProducerOptions, type DemandResult } from './stages/producer.js';
export { producerConsumer, type ProducerConsumerOptions, type EventsResult } from './stages/producer-consumer.js';
export { consume, run, toArray, type ConsumeOptions } from './consumers/consume.js';
export { pipe } from './pipe.js';
export { isStage } from './stages/stage.js';
export { start, type RunningPipeline, type StartOptions, type StopOptions, type StopResult } from './observation/lifecycle.js';
export { pipelineStats, toMermaid } from './observation/inspect.js';
export { logger, type LoggerOptions, type TraceEvent, type Tracer } from './observation/trace.js';
export { consumerSupervisor, type ConsumerSupervisorOptions, type RestartStrategy, type SupervisorWorker, type WorkerContext } from './stages/consumer-supervisor.js';
export { broadcastDispatcher, type BroadcastDispatcherOptions } from './dispatchers/broadcast.js';
export { partitionDispatcher, type PartitionDispatcherOptions, type PartitionDispatcherFactory } from './dispatchers/partition.js';
export { merge } from './stages/merge.js';
export { concat } from './stages/concat.js';
export { zip, type Zipped } from './stages/zip.js';
export { of } from './stages/of.js';
export { interval } from './stages/interval.js';
export { parallel, type ParallelOptions } from './stages/parallel.js';
export { reduce, forEach, first, find, some, every } from './consumers/terminal.js';
