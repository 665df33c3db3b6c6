// The partition dispatcher's default hash: cheap, deterministic for primitives, even for sequential keys.

/**
 * Maps an event to a partition `0..count-1`: integers by `n mod count` (sequential ids spread exactly evenly),
 * strings and other numbers by their FNV-1a hash, bigints and booleans by value. Objects, symbols, `null`
 * and `undefined` have no cheap stable hash: they go round-robin, which spreads them evenly but keeps no
 * key together (pass `hash` for that).
 */
export function defaultHash(count: number): (event: unknown) => number {
  let next = 0;
  return (event) => {
    switch (typeof event) {
      case 'number':
        return Number.isInteger(event) ? modulo(event, count) : fnv1a(String(event)) % count;
      case 'string':
        return fnv1a(event) % count;
      case 'bigint':
        return Number(((event % BigInt(count)) + BigInt(count)) % BigInt(count));
      case 'boolean':
        return (event ? 1 : 0) % count;
      default: {
        const partition = next;
        next = next + 1 === count ? 0 : next + 1;
        return partition;
      }
    }
  };
}

function modulo(n: number, count: number): number {
  const r = n % count;
  return r < 0 ? r + count : r + 0; // `+ 0` turns -0 into 0
}

/** 32-bit FNV-1a over UTF-16 code units. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
