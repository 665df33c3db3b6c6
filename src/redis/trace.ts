// What a redisStream stage reports besides the core's events (demand, events, done, error), through the
// same tracer: its reads, claims, acknowledgements, failures and dead letters.

export type RedisTraceBody =
  /** One XREADGROUP that returned entries: `from` 'new' (`>`) or 'pending' (this consumer's own, after a restart). */
  | { type: 'read'; from: 'new' | 'pending'; asked: number; count: number }
  /** Entries taken over from idle consumers with XAUTOCLAIM. */
  | { type: 'claim'; count: number }
  /** One XACK, confirmed: how many entries it acknowledged. */
  | { type: 'ack'; count: number }
  /** A message failed (or could not be decoded): it stays pending, or is dead-lettered on its last delivery. */
  | { type: 'fail'; id: string; attempt: number; reason: unknown }
  /** An entry copied to the dead-letter stream and acknowledged. */
  | { type: 'deadLetter'; id: string; deliveries: number; reason: string };

/** A redisStream trace event, as a tracer receives it (with the stage's name and kind). */
export type RedisTraceEvent = RedisTraceBody & { stage: string; kind: string };
