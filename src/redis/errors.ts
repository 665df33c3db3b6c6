// How a redisStream stage says what went wrong: a broken connection, a group that vanished, a server reply.

export function lostConnection(name: string, cause: unknown): Error {
  return new Error(
    `redisStream ${name} lost its connection to Redis (${messageOf(cause)}); unacknowledged entries stay pending for redelivery`,
    { cause },
  );
}

/** The error a failed read, claim or setup fails the stage with. */
export function describeFailure(
  name: string,
  where: { stream: string; group: string },
  error: unknown,
  connected: boolean,
): unknown {
  if (/^NOGROUP/.test(messageOf(error))) {
    return new Error(
      `redisStream ${name}: group ${JSON.stringify(where.group)} of stream ${JSON.stringify(where.stream)} no longer exists: ${messageOf(error)}`,
      { cause: error },
    );
  }
  // Replies of the server (wrong type) and the stage's own errors keep their words; a broken link gets clear ones.
  if (!connected && !isReplyError(error)) return lostConnection(name, error);
  return error;
}

function isReplyError(error: unknown): boolean {
  const kind = (error as Error | null)?.constructor?.name ?? '';
  return /ErrorReply|SimpleError|BlobError/.test(kind) || (error instanceof Error && error.message.startsWith('redisStream'));
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
