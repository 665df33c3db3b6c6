// transfer: true moves ArrayBuffers to the worker instead of copying them. The walk below finds them, for the
// stage on the way there and for the worker's bootstrap.mjs on the way back: plain JavaScript, so that a worker
// thread loads it without a TypeScript loader (its types are in transfer.d.mts).
import * as threads from 'node:worker_threads';

// Node marks its pooled Buffer memory untransferable (and newer versions throw on it): such buffers are copied.
const untransferable = threads.isMarkedAsUntransferable;

/** Every ArrayBuffer reachable through arrays, plain objects, maps, sets and typed arrays, each once. */
export function collectBuffers(value) {
  const found = new Set();
  walk(value, found, new Set());
  return [...found];
}

function walk(value, found, seen) {
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
    for (const key in value) walk(value[key], found, seen);
  }
}

function isPlainObject(value) {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
