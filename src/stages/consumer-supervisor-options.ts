// consumerSupervisor's options, checked when the operator is built, and their defaults.
import { resolveDemand } from '../protocol/demand.js';
import type { Tracer } from '../observation/trace.js';
import { checkBoolean, checkInteger, checkName, checkOneOf, checkOptionalFunction, checkOptions } from '../validate.js';

/** What happens to an event whose worker throws or rejects. */
export type RestartStrategy = 'transient' | 'temporary';

export interface ConsumerSupervisorOptions<A> {
  /** Re-ask upstream once this many slots are free (default `floor(maxDemand / 2)`; 0: after every worker). */
  minDemand?: number;
  /** `'transient'` (default): run the worker again with the same event; `'temporary'`: drop the event. */
  restart?: RestartStrategy;
  /** Restarts allowed within `maxSeconds` before the pipeline fails with the worker's error (default 3). */
  maxRestarts?: number;
  /** Length of the restart-intensity window in seconds (default 5). */
  maxSeconds?: number;
  /** Emit results in input order instead of completion order (default false). */
  ordered?: boolean;
  /** `restart: 'temporary'`: told of each dropped event (default: a console warning naming the stage and event). */
  onError?(error: unknown, event: A): void;
  name?: string;
  /** Receives this stage's trace events (restarts among them). */
  trace?: Tracer;
}

export interface SupervisorSettings<A> {
  readonly maxDemand: number;
  readonly minDemand: number;
  readonly restart: RestartStrategy;
  readonly maxRestarts: number;
  readonly maxSeconds: number;
  readonly ordered: boolean;
  readonly onError: ((error: unknown, event: A) => void) | undefined;
  readonly name: string | undefined;
  readonly trace: Tracer | undefined;
}

const KEYS = ['minDemand', 'restart', 'maxRestarts', 'maxSeconds', 'ordered', 'onError', 'name', 'trace'];

/** Validates `consumerSupervisor(maxDemand, worker, options)`'s numbers and options and fills the defaults. */
export function checkSupervisorOptions<A>(
  maxDemand: unknown,
  options: ConsumerSupervisorOptions<A> | undefined,
): SupervisorSettings<A> {
  // maxDemand is positional and required: no 1000 default here, unlike a subscription.
  checkInteger('maxDemand', maxDemand, 1);
  const opts = checkOptions(options, KEYS, 'consumerSupervisor');
  const demand = resolveDemand({ maxDemand: maxDemand as number, minDemand: opts.minDemand });
  return {
    ...demand,
    restart: opts.restart === undefined ? 'transient' : checkRestart(opts.restart),
    maxRestarts: opts.maxRestarts === undefined ? 3 : checkInteger('maxRestarts', opts.maxRestarts, 0),
    maxSeconds: opts.maxSeconds === undefined ? 5 : checkInteger('maxSeconds', opts.maxSeconds, 0),
    ordered: opts.ordered === undefined ? false : checkBoolean('ordered', opts.ordered),
    onError: checkOptionalFunction('onError', opts.onError),
    name: opts.name === undefined ? undefined : checkName(opts.name, ''),
    trace: checkOptionalFunction<Tracer>('trace', opts.trace),
  };
}

function checkRestart(value: unknown): RestartStrategy {
  if (value === 'permanent') {
    throw new RangeError(
      'restart must be one of "transient", "temporary", got "permanent": ConsumerSupervisor does not support ' +
        'permanent workers (a worker ends once its event is handled), as in GenStage',
    );
  }
  return checkOneOf('restart', value, ['transient', 'temporary']);
}

/** The default `onError`: a warning naming the stage and the dropped event. */
export function warnDropped(name: string): (error: unknown, event: unknown) => void {
  return (error, event) => {
    console.warn(`genstage consumerSupervisor ${name} dropped event ${describeEvent(event)}: its worker failed`, error);
  };
}

function describeEvent(event: unknown): string {
  try {
    return JSON.stringify(event) ?? String(event);
  } catch {
    return String(event);
  }
}
