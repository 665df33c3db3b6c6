// A message from a durable source (a broker): the event a pipeline handles, plus the means to tell the
// broker it was handled. Broker-neutral, as Broadway's Message: genstage/redis is its first source.

/**
 * One delivery of a broker's entry. The first of `ack()` / `fail()` decides the message's fate; later calls
 * do nothing, so a wrapper may settle whatever its handler left unsettled.
 */
export interface Message<T> {
  /** The broker's id for the entry (a Redis stream entry id). */
  readonly id: string;
  /** The payload, decoded. */
  readonly data: T;
  /** 1 on the first delivery, then the broker's delivery count (2 on the first redelivery, …). */
  readonly attempt: number;
  /** Handled: the broker may forget the entry (acknowledgements are grouped, one round trip per turn). */
  ack(): void;
  /** Not handled: the entry stays with the broker for redelivery, or goes to a dead-letter place past its limit. */
  fail(reason?: unknown): void;
}
