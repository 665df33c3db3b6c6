// Raw stream replies, as node-redis hands them back for sendCommand: RESP2 arrays or RESP3 maps
// (plain objects or Maps, depending on the client's type mapping).
import type { Fields } from './options.js';

/**
 * A stream entry as the reply holds it, `[id, [field, value, …]]`; the list is null for an entry still pending
 * but deleted from the stream. Left as it is (no object per entry): `entryId` and `entryFields` read it.
 */
export type Entry = readonly [unknown, unknown[] | null];

/** XREADGROUP's reply for one stream: its entries, or none on a timeout. */
export function readReply(reply: unknown, stream: string): readonly Entry[] {
  if (reply === null || reply === undefined) return [];
  let entries: unknown;
  if (Array.isArray(reply)) entries = (reply[0] as unknown[] | undefined)?.[1];
  else if (reply instanceof Map) entries = reply.get(stream) ?? reply.values().next().value;
  else entries = (reply as Record<string, unknown>)[stream];
  return Array.isArray(entries) ? (entries as Entry[]) : [];
}

export function entryId(entry: Entry): string {
  return text(entry[0]);
}

export function entryFields(entry: Entry): Fields | null {
  const list = entry[1];
  return list === null ? null : toFields(list);
}

/** XAUTOCLAIM's reply: the cursor for the next scan and the entries now owned by this consumer. */
export function claimReply(reply: unknown): { cursor: string; entries: readonly Entry[] } {
  const [cursor, entries] = reply as [unknown, Entry[]];
  return { cursor: text(cursor), entries };
}

/** XPENDING (extended form) for one id: its delivery count, or undefined when it is no longer pending. */
export function deliveryCount(reply: unknown): number | undefined {
  const row = (reply as unknown[][] | null)?.[0];
  return row === undefined ? undefined : Number(row[3]);
}

function toFields(list: unknown[]): Fields {
  const fields: Fields = {};
  for (let i = 0; i + 1 < list.length; i += 2) fields[text(list[i])] = text(list[i + 1]);
  return fields;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}
