// Acknowledgements grouped into one XACK per event-loop turn: a pipeline that handles a batch of 500 messages
// costs one round trip, not 500. Once the stage stops reading they go out at the end of the current job
// instead, so a graceful stop's last XACK is on the wire before stop() resolves.
import type { RedisStreamClient } from './client.js';

/** What the queue tells its stage. */
export interface AckOwner {
  /** The XACK of `ids` is over, sent or not: until then they are still pending, so a claim may return them. */
  settled(ids: readonly string[]): void;
  /** Redis confirmed an XACK: `count` entries were still pending (one another consumer acked counts once). */
  confirmed(count: number): void;
  failed(error: unknown): void;
}

export class AckQueue {
  private ids: string[] = [];
  private scheduled = false;
  private urgent = false;
  acked = 0;

  constructor(
    private readonly client: RedisStreamClient,
    private readonly stream: string,
    private readonly group: string,
    private readonly owner: AckOwner,
  ) {}

  add(id: string): void {
    this.ids.push(id);
    if (this.scheduled) return;
    this.scheduled = true;
    if (this.urgent) queueMicrotask(this.flush);
    else setImmediate(this.flush);
  }

  /** From now on, flush at the end of the current job; and flush what is queued now. */
  hurry(): void {
    this.urgent = true;
    this.flush();
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    const ids = this.ids;
    if (ids.length === 0) return;
    this.ids = [];
    // A closed client cannot acknowledge: the entries stay pending and are delivered again (at least once).
    if (!this.client.isOpen) {
      this.owner.settled(ids);
      return;
    }
    this.client.sendCommand(['XACK', this.stream, this.group, ...ids]).then(
      (reply) => {
        const count = typeof reply === 'number' ? reply : ids.length;
        this.acked += count;
        this.owner.settled(ids);
        this.owner.confirmed(count);
      },
      (error: unknown) => {
        this.owner.settled(ids);
        this.owner.failed(error);
      },
    );
  };
}
