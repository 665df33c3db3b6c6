// The stage's own connection, for blocking reads: a blocked XREADGROUP holds its connection, so it must never
// be the user's. Opened when the stage starts, closed by it; the user's client is only duplicated.
import { duplicateForReads, type OwnConnection, type RedisStreamClient } from './client.js';

export class Reader {
  private connection: OwnConnection | null = null;
  private clientId: string | undefined;
  private blocked = false;
  private closed = false;

  constructor(
    private readonly client: RedisStreamClient,
    /** The connection broke while the stage still needed it. */
    private readonly onLost: (error: unknown) => void,
  ) {}

  get isOpen(): boolean {
    return this.connection?.isOpen ?? false;
  }

  async open(): Promise<void> {
    if (this.closed) throw new Error('the stage was released before it connected');
    const connection = duplicateForReads(this.client);
    this.connection = connection;
    // Without a listener node-redis would throw its 'error' event at the process.
    connection.on('error', (error) => {
      if (!this.closed) this.onLost(error);
    });
    await connection.connect();
    this.clientId = String(await connection.sendCommand(['CLIENT', 'ID']));
  }

  send(args: string[]): Promise<unknown> {
    if (this.connection === null || this.closed) return Promise.reject(new Error('the stage closed its connection'));
    return this.connection.sendCommand(args);
  }

  /** A read that may wait on the server; `unblock()` ends it early, as if it timed out. */
  async block(args: string[]): Promise<unknown> {
    this.blocked = true;
    try {
      return await this.send(args);
    } finally {
      this.blocked = false;
    }
  }

  /** Ends a blocked read now (graceful stop): the server answers it with no entries, so nothing is lost. */
  unblock(): void {
    if (!this.blocked || this.clientId === undefined || !this.client.isOpen) return;
    this.client.sendCommand(['CLIENT', 'UNBLOCK', this.clientId]).then(
      // 0: the read had not reached the server yet (it travels on another connection): try again shortly.
      (unblocked) => {
        if (unblocked === 0 && this.blocked) setTimeout(() => this.unblock(), 10);
      },
      () => undefined,
    );
  }

  /** Closes after the replies already asked for arrived. */
  async close(): Promise<void> {
    const connection = this.connection;
    if (this.closed || connection === null) return;
    this.closed = true;
    if (connection.isOpen) await connection.close().catch(() => connection.destroy());
  }

  /** Closes now: a blocked read is dropped; whatever it may have read stays pending on the server. */
  destroy(): void {
    const connection = this.connection;
    const wasClosed = this.closed;
    this.closed = true;
    if (!wasClosed && connection?.isOpen) connection.destroy();
  }
}
