// redisStream's options, checked when the stage is built (messages name the option, the rule and the value).
import type { Tracer } from '../index.js';
import { show } from '../validate.js';
import { isRedisClient, type RedisStreamClient } from './client.js';

export type Fields = Record<string, string>;

export interface RedisStreamOptions<T> {
  /** A connected node-redis client. The stage duplicates it for its blocking reads and never closes it. */
  client: RedisStreamClient;
  /** The stream's key. */
  stream: string;
  /** The consumer group that shares the stream's entries among its consumers. */
  group: string;
  /** This consumer's name in the group: keep it across restarts, so a restarted process re-reads its own pending entries. */
  consumer: string;
  /** Turns an entry's fields into the message's data (default: the fields as they are). */
  decode?(fields: Fields, id: string): T;
  /** How long one read waits for new entries (default 2000 ms). */
  blockMs?: number;
  /** Entries pending this long on any consumer are taken over (`XAUTOCLAIM`); default 30 000 ms, `Infinity` never. */
  claimIdleMs?: number;
  /** Deliveries before an entry is dead-lettered (needs `deadLetterStream`). */
  maxDeliveries?: number;
  /** Where an entry goes, with its fields and last error, after `maxDeliveries` deliveries. */
  deadLetterStream?: string;
  /**
   * Entries read ahead of demand, at most (default 0: an ask of n reads at most n). With `prefetch: p` the stage
   * keeps up to p entries beyond what its subscribers asked for in its own buffer: whenever the buffer is at or
   * below half of p it reads what they want plus half of p, and a read that comes back while the buffer is that
   * low sends the next one before its entries are handed out, so Redis prepares it meanwhile. Fewer, larger
   * reads, and for quick handlers the next batch is on hand when workers free up. Read-ahead entries are pending
   * on this consumer in Redis, as those in flight are: after a crash they are redelivered or claimed.
   *
   * Named after Broadway's RabbitMQ producer (`qos: [prefetch_count: n]`: messages the broker sends ahead), but
   * counted beyond demand, since demand already bounds what is in flight: what is buffered or on its way stays
   * within demand + `prefetch`. Keep `prefetch` × a message's handling time well under `claimIdleMs`, or
   * read-ahead entries sit idle long enough for another consumer to claim them (delivered twice).
   */
  prefetch?: number;
  /** Create the group (and the stream) when missing (default true). */
  createGroup?: boolean;
  /** Where a group created here starts: `'0'` (default) every entry already in the stream, `'$'` only new ones. */
  startId?: string;
  name?: string;
  /** Receives this stage's trace events. */
  trace?: Tracer;
}

export interface RedisStreamSettings<T> {
  client: RedisStreamClient;
  stream: string;
  group: string;
  consumer: string;
  decode: ((fields: Fields, id: string) => T) | undefined;
  blockMs: number;
  claimIdleMs: number;
  maxDeliveries: number;
  deadLetterStream: string | undefined;
  prefetch: number;
  createGroup: boolean;
  startId: string;
  name: string;
  trace: Tracer | undefined;
}

const KEYS = [
  'client', 'stream', 'group', 'consumer', 'decode', 'blockMs', 'claimIdleMs', 'maxDeliveries',
  'deadLetterStream', 'prefetch', 'createGroup', 'startId', 'name', 'trace',
];

export const DEFAULT_BLOCK_MS = 2000;
export const DEFAULT_CLAIM_IDLE_MS = 30_000;

export function checkRedisStreamOptions<T>(options: RedisStreamOptions<T>): RedisStreamSettings<T> {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`redisStream options must be an object, got ${show(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!KEYS.includes(key)) {
      throw new TypeError(`redisStream got an unknown option ${JSON.stringify(key)}; known options: ${KEYS.join(', ')}`);
    }
  }
  if (!isRedisClient(options.client)) {
    throw new TypeError(`client must be a node-redis client (createClient() from the redis package), got ${show(options.client)}`);
  }
  const stream = checkText('stream', options.stream);
  const group = checkText('group', options.group);
  const consumer = checkText('consumer', options.consumer);
  const maxDeliveries = options.maxDeliveries === undefined ? Infinity : checkInteger('maxDeliveries', options.maxDeliveries, 1, false);
  const deadLetterStream = options.deadLetterStream === undefined ? undefined : checkText('deadLetterStream', options.deadLetterStream);
  // Both or neither: past its limit an entry must go somewhere, and a dead-letter stream nothing sends to is a mistake.
  if (maxDeliveries !== Infinity && deadLetterStream === undefined) {
    throw new TypeError(`deadLetterStream must be a stream key when maxDeliveries is set (${maxDeliveries}), got undefined`);
  }
  if (deadLetterStream !== undefined && maxDeliveries === Infinity) {
    throw new TypeError(`maxDeliveries must be an integer >= 1 when deadLetterStream is set (${JSON.stringify(deadLetterStream)}), got ${show(options.maxDeliveries)}`);
  }
  if (deadLetterStream === stream) {
    throw new RangeError(`deadLetterStream must differ from stream, got ${JSON.stringify(deadLetterStream)} for both`);
  }
  return {
    client: options.client,
    stream,
    group,
    consumer,
    decode: checkOptionalFunction('decode', options.decode),
    blockMs: options.blockMs === undefined ? DEFAULT_BLOCK_MS : checkInteger('blockMs', options.blockMs, 1, false),
    claimIdleMs: options.claimIdleMs === undefined ? DEFAULT_CLAIM_IDLE_MS : checkInteger('claimIdleMs', options.claimIdleMs, 1, true),
    maxDeliveries,
    deadLetterStream,
    prefetch: options.prefetch === undefined ? 0 : checkInteger('prefetch', options.prefetch, 0, false),
    createGroup: options.createGroup === undefined ? true : checkBoolean('createGroup', options.createGroup),
    startId: options.startId === undefined ? '0' : checkStartId(options.startId),
    name: options.name === undefined ? `${stream}/${group}/${consumer}` : checkText('name', options.name),
    trace: checkOptionalFunction<Tracer>('trace', options.trace),
  };
}

function checkText(name: string, value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`${name} must be a non-empty string, got ${show(value)}`);
  if (value === '') throw new RangeError(`${name} must be a non-empty string, got ""`);
  return value;
}

function checkInteger(name: string, value: unknown, min: number, infinite: boolean): number {
  const rule = `an integer >= ${min}${infinite ? ' or Infinity' : ''}`;
  if (typeof value !== 'number') throw new TypeError(`${name} must be ${rule}, got ${show(value)}`);
  if (infinite && value === Infinity) return value;
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be ${rule}, got ${show(value)}`);
  return value;
}

function checkBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${show(value)}`);
  return value;
}

function checkOptionalFunction<F>(name: string, value: unknown): F | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') throw new TypeError(`${name} must be a function, got ${show(value)}`);
  return value as F;
}

function checkStartId(value: unknown): string {
  const rule = `"$", "0" or a stream entry id such as "1700000000000-0"`;
  if (typeof value !== 'string') throw new TypeError(`startId must be ${rule}, got ${show(value)}`);
  if (value !== '$' && !/^\d+(-\d+)?$/.test(value)) throw new RangeError(`startId must be ${rule}, got ${show(value)}`);
  return value;
}
