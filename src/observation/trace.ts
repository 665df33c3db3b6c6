// Traces: structured events a stage reports as it runs, and a logger that prints them like the seed's log lines.
import { checkBoolean, checkOptionalFunction, checkOptions, show } from '../validate.js';

interface TraceBase {
  /** The stage's name and kind. */
  stage: string;
  kind: string;
}

export type TraceEvent = TraceBase &
  (
    | { type: 'demand'; subscriber: number; n: number; forwarded: number }
    | { type: 'events'; count: number }
    | { type: 'discard'; count: number }
    | { type: 'restart'; attempt: number; error: unknown; event: unknown }
    | { type: 'cancel'; subscriber: number; reason: unknown }
    | { type: 'done' }
    | { type: 'error'; error: unknown }
    // A message source's (genstage/redis): one read that returned entries, 'new' ones or the consumer's own
    // 'pending' ones after a restart; entries taken over from idle consumers; one confirmed acknowledgement;
    // a failed message (left for redelivery); an entry moved to the dead-letter stream.
    // `asked` is the read's COUNT, of which `ahead` beyond the subscribers' demand (its `prefetch` option).
    | { type: 'read'; from: 'new' | 'pending'; asked: number; ahead: number; count: number }
    | { type: 'claim'; count: number }
    | { type: 'ack'; count: number }
    | { type: 'fail'; id: string; attempt: number; reason: unknown }
    | { type: 'deadLetter'; id: string; deliveries: number; reason: string }
  );

/** What a stage reports, without its name and kind (the stage adds them). */
export type TraceBody = TraceEvent extends infer E ? (E extends TraceBase ? Omit<E, keyof TraceBase> : never) : never;

export type Tracer = (event: TraceEvent) => void;

export interface LoggerOptions {
  /** The word for events in demand lines, as the seed's "received demand for 3 pages". Default `events`. */
  unit?: string;
  /** Also print each delivered batch's size (and a message source's reads and acknowledgements). Default false. */
  events?: boolean;
  /** Where lines go. Default `console.log`. */
  log?: (line: string) => void;
}

/**
 * A tracer that prints what stages do in the seed's words: `PageProducer received demand for 3 pages`
 * (the demand that reached `handleDemand` or the upstream, after the buffer served what it could),
 * GenStage's discard warning, worker restarts, cancels, errors and completions; a message source's claims,
 * failed and dead-lettered messages (its reads and acknowledgements with `events`).
 *
 * @example
 * const running = start(pipeline, { trace: logger({ unit: 'pages' }) });
 */
export function logger(options?: LoggerOptions): Tracer {
  const opts = checkOptions(options, ['unit', 'events', 'log'], 'logger');
  const unit = opts.unit === undefined ? 'events' : opts.unit;
  if (typeof unit !== 'string') throw new TypeError(`unit must be a string, got ${show(unit)}`);
  const events = opts.events === undefined ? false : checkBoolean('events', opts.events);
  const log = checkOptionalFunction<(line: string) => void>('log', opts.log) ?? ((line: string) => console.log(line));
  return (event) => {
    switch (event.type) {
      case 'demand':
        if (event.forwarded > 0) log(`${event.stage} received demand for ${event.forwarded} ${unit}`);
        break;
      case 'events':
        if (events) log(`${event.stage} emitted ${event.count} ${unit}`);
        break;
      case 'discard':
        log(`genstage producer ${event.stage} has discarded ${event.count} events from buffer`);
        break;
      case 'restart':
        log(`${event.stage} restarted a worker (attempt ${event.attempt}) with event ${String(event.event)}: ${String(event.error)}`);
        break;
      case 'cancel':
        log(`${event.stage} lost subscriber ${event.subscriber}`);
        break;
      case 'done':
        log(`${event.stage} is done`);
        break;
      case 'error':
        log(`${event.stage} failed: ${String(event.error)}`);
        break;
      case 'read':
        if (events) log(`${event.stage} read ${event.count} ${event.from === 'pending' ? 'pending ' : ''}${unit} (asked ${event.asked}${event.ahead > 0 ? `, ${event.ahead} ahead of demand` : ''})`);
        break;
      case 'ack':
        if (events) log(`${event.stage} acknowledged ${event.count} ${unit}`);
        break;
      case 'claim':
        log(`${event.stage} claimed ${event.count} ${unit} left idle by other consumers`);
        break;
      case 'fail':
        log(`${event.stage} failed message ${event.id} (attempt ${event.attempt}): ${String(event.reason)}`);
        break;
      case 'deadLetter':
        log(`${event.stage} dead-lettered message ${event.id} after ${event.deliveries} deliveries: ${event.reason}`);
        break;
    }
  };
}
