// Poison messages: an entry past maxDeliveries is copied to the dead-letter stream, with its fields and why it
// died, and acknowledged, in one script so that it is never both lost and acknowledged, nor copied twice.
import type { RedisStreamClient } from './client.js';
import type { Fields } from './options.js';

const SCRIPT = `redis.call('XADD', KEYS[2], '*', unpack(ARGV, 3))
return redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])`;

export interface DeadLetter {
  id: string;
  fields: Fields | null;
  deliveries: number;
  reason: unknown;
}

export interface DeadLetterTarget {
  client: RedisStreamClient;
  stream: string;
  group: string;
  consumer: string;
  deadLetterStream: string;
}

/** Copies the entry with `genstage.*` fields saying where it came from and why, then acknowledges it. */
export function deadLetter(target: DeadLetterTarget, letter: DeadLetter): Promise<unknown> {
  const args = [target.group, letter.id];
  for (const [field, value] of Object.entries(letter.fields ?? {})) args.push(field, value);
  args.push(
    'genstage.error', describeReason(letter.reason),
    'genstage.id', letter.id,
    'genstage.stream', target.stream,
    'genstage.group', target.group,
    'genstage.consumer', target.consumer,
    'genstage.deliveries', String(letter.deliveries),
  );
  return target.client.sendCommand(['EVAL', SCRIPT, '2', target.stream, target.deadLetterStream, ...args]);
}

export function describeReason(reason: unknown): string {
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
  if (reason === undefined) return 'failed';
  if (typeof reason === 'string') return reason;
  try {
    return JSON.stringify(reason) ?? String(reason);
  } catch {
    return String(reason);
  }
}
