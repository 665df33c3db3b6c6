// Stream entries into messages, except those with nothing to hand out: an entry deleted from the stream
// (acknowledged: nothing is left to handle), one delivered more than maxDeliveries times without ever being
// settled (it crashes its worker: dead-lettered) and one `decode` throws on (a failed message).
import type { Acked } from './ack-queue.js';
import type { Failures } from './failures.js';
import { RedisMessage, type Settler } from './message.js';
import type { RedisStreamSettings } from './options.js';
import { entryFields, entryId, type Entry } from './replies.js';

export interface Sorting<T> {
  settings: RedisStreamSettings<T>;
  failures: Failures;
  ack(acked: Acked): void;
  settler: Settler;
}

/**
 * `attemptOf` null: entries read for the first time (attempt 1, none can be the stage's already). Otherwise
 * each entry's delivery count, undefined once it is no longer pending (another consumer acknowledged it), and
 * `ours`, the ids the stage holds now (a claim may return a slow handler's message): both are skipped.
 */
export function toMessages<T>(
  entries: readonly Entry[],
  attemptOf: ((id: string) => number | undefined) | null,
  ours: ReadonlySet<string> | null,
  { settings, failures, ack, settler }: Sorting<T>,
): RedisMessage<T>[] {
  const { decode, maxDeliveries } = settings;
  const messages: RedisMessage<T>[] = [];
  for (const entry of entries) {
    const id = entryId(entry);
    let attempt = 1;
    if (attemptOf !== null) {
      const count = attemptOf(id);
      if (count === undefined || ours?.has(id) === true) continue;
      attempt = count;
    }
    const fields = entryFields(entry);
    if (fields === null) {
      ack({ id });
      continue;
    }
    if (attempt > maxDeliveries) {
      failures.bury(id, fields, attempt - 1, `delivered ${attempt - 1} times without being acknowledged`);
      continue;
    }
    let data: T;
    try {
      data = decode === undefined ? (fields as T) : decode(fields, id);
    } catch (error) {
      failures.fail(id, fields, attempt, error);
      continue;
    }
    messages.push(new RedisMessage(id, data, attempt, fields, settler));
  }
  return messages;
}
