// Acknowledgements grouped into one XACK per event-loop turn: a pipeline that handles a batch of 500 messages
// costs one round trip, not 500. Once the stage stops reading they go out at the end of the current job
// instead, so a graceful stop's last XACK is on the wire before stop() resolves.
import type { RedisStreamClient } from './client.js';

export class AckQueue {
  private ids: string[] = [];
  private scheduled = false;
  private urgent = false;
  /** Ids queued or sent, not confirmed yet: still pending in Redis, so a claim may return them. */
  private readonly unsettled = new Set<string>();
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
    return this.unsettled.size;
  }

  has(id: string): boolean {
    return this.unsettled.has(id);
  }

  add(id: string): void {
    this.ids.push(id);
    this.unsettled.add(id);
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
      this.forget(ids);
      return;
    }
    this.client.sendCommand(['XACK', this.stream, this.group, ...ids]).then(
      (reply) => {
        this.forget(ids);
        // XACK counts only what was still pending: an entry another consumer took over and acked counts once.
        const count = typeof reply === 'number' ? reply : ids.length;
        this.acked += count;
        this.onFlush(count);
      },
      (error: unknown) => {
        this.forget(ids);
        this.onError(error);
      },
    );
  };

  private forget(ids: readonly string[]): void {
    for (const id of ids) this.unsettled.delete(id);
  }
}
