// transfer: true moves ArrayBuffers to the worker instead of copying them. The walk below finds them; the
// worker's bootstrap.mjs walks its results the same way on the way back.
import * as threads from 'node:worker_threads';

// Node marks its pooled Buffer memory untransferable (and newer versions throw on it): such buffers are copied.
const untransferable = (threads as { isMarkedAsUntransferable?: (value: object) => boolean }).isMarkedAsUntransferable;

/** Every ArrayBuffer reachable through arrays, plain objects, maps, sets and typed arrays, each once. */
export function collectBuffers(value: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  walk(value, found, new Set());
  return [...found];
}

function walk(value: unknown, found: Set<ArrayBuffer>, seen: Set<object>): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (value instanceof ArrayBuffer) {
    if (!untransferable?.(value)) found.add(value);
  } else if (ArrayBuffer.isView(value)) {
    walk(value.buffer, found, seen);
  } else if (Array.isArray(value) || value instanceof Set) {
    for (const item of value) walk(item, found, seen);
  } else if (value instanceof Map) {
    for (const [key, item] of value) {
      walk(key, found, seen);
      walk(item, found, seen);
    }
  } else if (isPlainObject(value)) {
    for (const key in value) walk((value as Record<string, unknown>)[key], found, seen);
  }
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
