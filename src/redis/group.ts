// The consumer group: created on start (with the stream, MKSTREAM) unless the user manages groups himself,
// in which case a missing one is a clear error before anything is read.
import type { Reader } from './reader.js';

export interface GroupSpec {
  stream: string;
  group: string;
  createGroup: boolean;
  startId: string;
  name: string;
}

export async function ensureGroup(reader: Reader, spec: GroupSpec): Promise<void> {
  const { stream, group, name } = spec;
  if (spec.createGroup) {
    try {
      await reader.send(['XGROUP', 'CREATE', stream, group, spec.startId, 'MKSTREAM']);
    } catch (error) {
      // Another consumer created it first: that is the normal case for all consumers but one.
      if (!(error instanceof Error && error.message.startsWith('BUSYGROUP'))) throw error;
    }
    return;
  }
  let groups: unknown[];
  try {
    groups = (await reader.send(['XINFO', 'GROUPS', stream])) as unknown[];
  } catch (error) {
    if (!(error instanceof Error && /no such key/i.test(error.message))) throw error;
    groups = [];
  }
  if (!groups.some((info) => groupName(info) === group)) {
    throw new Error(
      `redisStream ${name}: group ${JSON.stringify(group)} does not exist on stream ${JSON.stringify(stream)}, and createGroup is false`,
    );
  }
}

// XINFO GROUPS rows are flat [key, value, …] arrays in RESP2, maps in RESP3.
function groupName(info: unknown): string | undefined {
  if (Array.isArray(info)) return String(info[info.indexOf('name') + 1]);
  if (info instanceof Map) return String(info.get('name'));
  return String((info as Record<string, unknown>).name);
}
