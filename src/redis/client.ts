// The part of a node-redis client (the `redis` package, v5 or v6) this entry point uses. Structural, so any
// client built by createClient() fits, whatever its modules, scripts or RESP version.

/** A connected node-redis client: `createClient({ url })` after `await client.connect()`. */
export interface RedisStreamClient {
  readonly isOpen: boolean;
  readonly options?: { socket?: object } | undefined;
  sendCommand(args: string[]): Promise<unknown>;
  duplicate(overrides?: object): OwnConnection;
}

/** The connection the stage opens (a duplicate of the user's client) and closes itself. */
export interface OwnConnection {
  readonly isOpen: boolean;
  sendCommand(args: string[]): Promise<unknown>;
  connect(): Promise<unknown>;
  close(): Promise<void>;
  destroy(): void;
  on(event: 'error', listener: (error: unknown) => void): unknown;
}

export function isRedisClient(value: unknown): value is RedisStreamClient {
  const client = value as RedisStreamClient | null;
  return (
    typeof client === 'object' &&
    client !== null &&
    typeof client.duplicate === 'function' &&
    typeof client.sendCommand === 'function'
  );
}

/**
 * A duplicate of the user's client for blocking reads. It never reconnects: a blocked read cannot survive a
 * lost connection unnoticed, so losing it fails the stage instead of retrying behind the pipeline's back.
 */
export function duplicateForReads(client: RedisStreamClient): OwnConnection {
  const socket = { ...(client.options?.socket ?? {}), reconnectStrategy: false };
  return client.duplicate({ socket });
}
