// What a redisStream stage shows of itself, beside every stage's stats: its source and the fate of its entries.
import type { Message, Stage, StageStats } from '../index.js';

export interface RedisStreamStats extends StageStats {
  stream: string;
  group: string;
  consumer: string;
  /**
   * Entries read and not acknowledged yet: read ahead and waiting in the buffer (`buffered`), being handled
   * (`inFlight`), or acknowledged with the XACK on its way. All are pending on this consumer in Redis.
   */
  pending: number;
  /** The `prefetch` option: entries read ahead of demand, at most. */
  prefetch: number;
  /** Entries acknowledged (confirmed by Redis). */
  acked: number;
  /** Messages failed (`fail()`): left pending for redelivery, or dead-lettered on their last delivery. */
  failed: number;
  /** Entries taken over from idle consumers (this one included, for its failed messages). */
  claimed: number;
  /** Entries copied to the dead-letter stream and acknowledged. */
  deadLettered: number;
}

export interface RedisStream<T> extends Stage<Message<T>> {
  stats(): RedisStreamStats;
}
