// Acknowledgements grouped into one XACK per event-loop turn: a pipeline that handles a batch of 500 messages
// costs one round trip, not 500. While one XACK is on the wire, the next waits for its answer and takes
// everything acknowledged meanwhile (fewer, larger XACKs when acks come faster than Redis answers). Once the
// stage stops reading they go out at the end of the current job instead, so a graceful stop's last XACK is on
// the wire before stop() resolves.
import type { RedisStreamClient } from './client.js';

/** What is acknowledged: a message, or the id of an entry deleted from the stream. */
export interface Acked {
  readonly id: string;
}

/** What the queue tells its stage. */
export interface AckOwner<A extends Acked> {
  /** The XACK of these is over, sent or not: until then they are still pending, so a claim may return them. */
  settled(acked: readonly A[]): void;
  /** Redis confirmed an XACK: `count` entries were still pending (one another consumer acked counts once). */
  confirmed(count: number): void;
  failed(error: unknown): void;
}

export class AckQueue<A extends Acked> {
  private queued: A[] = [];
  private scheduled = false;
  private urgent = false;
  private sending = false;
  acked = 0;

  constructor(
    private readonly client: RedisStreamClient,
    private readonly stream: string,
    private readonly group: string,
    private readonly owner: AckOwner<A>,
  ) {}

  add(acked: A): void {
    this.queued.push(acked);
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
    const queued = this.queued;
    if (queued.length === 0 || (this.sending && !this.urgent)) return;
    this.queued = [];
    // A closed client cannot acknowledge: the entries stay pending and are delivered again (at least once).
    if (!this.client.isOpen) {
      this.owner.settled(queued);
      return;
    }
    const command = new Array<string>(queued.length + 3);
    command[0] = 'XACK';
    command[1] = this.stream;
    command[2] = this.group;
    for (let i = 0; i < queued.length; i++) command[i + 3] = queued[i]!.id;
    this.sending = true;
    this.client.sendCommand(command).then(
      (reply) => {
        this.sent();
        const count = typeof reply === 'number' ? reply : queued.length;
        this.acked += count;
        this.owner.settled(queued);
        this.owner.confirmed(count);
      },
      (error: unknown) => {
        this.sent();
        this.owner.settled(queued);
        this.owner.failed(error);
      },
    );
  };

  // What was acknowledged while the XACK was on the wire goes out now.
  private sent(): void {
    this.sending = false;
    if (!this.scheduled) this.flush();
  }
}
