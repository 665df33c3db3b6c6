// What becomes of a message that failed (`fail()`, or a `decode` that threw): counted and reported, left pending
// for redelivery, and on its last allowed delivery copied to the dead-letter stream, while its error is known.
// An entry delivered too often without ever being settled (it crashes its worker) is buried the same way.
import { deadLetter, describeReason } from './dead-letter.js';
import type { Fields, RedisStreamSettings } from './options.js';
import type { RedisTraceBody } from './trace.js';

export class Failures {
  failed = 0;
  deadLettered = 0;

  constructor(
    private readonly settings: RedisStreamSettings<unknown>,
    private readonly report: (body: RedisTraceBody) => void,
    /** A command on the user's client failed. */
    private readonly fault: (what: string, cause: unknown) => void,
  ) {}

  fail(id: string, fields: Fields, attempt: number, reason: unknown): void {
    this.failed += 1;
    this.report({ type: 'fail', id, attempt, reason });
    if (attempt >= this.settings.maxDeliveries) this.bury(id, fields, attempt, reason);
  }

  bury(id: string, fields: Fields, deliveries: number, reason: unknown): void {
    const { client, stream, group, consumer, deadLetterStream } = this.settings;
    if (deadLetterStream === undefined || !client.isOpen) return;
    deadLetter({ client, stream, group, consumer, deadLetterStream }, { id, fields, deliveries, reason }).then(
      () => {
        this.deadLettered += 1;
        this.report({ type: 'deadLetter', id, deliveries, reason: describeReason(reason) });
      },
      (cause: unknown) => this.fault(`could not dead-letter entry ${id} to ${deadLetterStream}`, cause),
    );
  }
}
