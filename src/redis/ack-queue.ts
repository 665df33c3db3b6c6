// Acknowledgements grouped into one XACK per event-loop turn: a pipeline that handles a batch of 500 messages
// costs one round trip, not 500. Once the stage stops reading they go out at the end of the current job
// instead, so a graceful stop's last XACK is on the wire before stop() resolves.
import type { RedisStreamClient } from './client.js';

export class AckQueue {
  private ids: string[] = [];
  private scheduled = false;
  private urgent = false;
  /** Ids sent and not confirmed yet. */
  private sent = 0;
  acked = 0;

  constructor(
    private readonly client: RedisStreamClient,
    private readonly stream: string,
    private readonly group: string,
    private readonly onFlush: (count: number) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Acknowledgements queued or on the wire. */
  get unconfirmed(): number {
    return this.ids.length + this.sent;
  }

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
    if (!this.client.isOpen) return;
    this.sent += ids.length;
    this.client.sendCommand(['XACK', this.stream, this.group, ...ids]).then(
      (reply) => {
        this.sent -= ids.length;
        // XACK counts only what was still pending: an entry another consumer took over and acked counts once.
        const count = typeof reply === 'number' ? reply : ids.length;
        this.acked += count;
        this.onFlush(count);
      },
      (error: unknown) => {
        this.sent -= ids.length;
        this.onError(error);
      },
    );
  };
}
