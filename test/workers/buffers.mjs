// Reads each event's bytes and sends a new buffer back: with transfer: true both directions move memory.
export function handleEvents(events) {
  return events.map(({ id, bytes }) => {
    const view = new Uint8Array(bytes);
    let sum = 0;
    for (const b of view) sum += b;
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, sum);
    return { id, size: view.byteLength, sum: out };
  });
}
