// A stream entry handed to the pipeline. It remembers its raw fields, so a failure on its last allowed
// delivery can dead-letter it at once, with the error that killed it.
import type { Message } from '../index.js';
import type { Held } from './holdings.js';
import type { Fields } from './options.js';

/** What a message reports its fate to: the stage that read it. */
export interface Settler {
  settleAck(message: RedisMessage<unknown>): void;
  settleFail(message: RedisMessage<unknown>, reason: unknown): void;
}

export class RedisMessage<T> implements Message<T>, Held {
  private settled = false;
  /** @internal The stage's record of it while it is pending on the consumer. */
  holding: Held['holding'] = null;

  constructor(
    readonly id: string,
    readonly data: T,
    readonly attempt: number,
    readonly fields: Fields,
    private readonly settler: Settler,
  ) {}

  ack(): void {
    if (this.settled) return;
    this.settled = true;
    this.settler.settleAck(this);
  }

  fail(reason?: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.settler.settleFail(this, reason);
  }
}
