// Every contender's module. The driver loads them all to list the rows; a child process loads only the module
// of the contender it measures, so its memory figures hold no other library.
import type { Contender } from '../types.js';

export const LIBRARY_MODULES = [
  'plain',
  'genstage',
  'async-generator',
  'ix',
  'streaming-iterables',
  'node-streams',
  'web-streams',
  'rxjs',
  'effect',
  'genstage-workers',
  'piscina',
] as const;

export type LibraryModule = (typeof LIBRARY_MODULES)[number];

export async function loadLibrary(module: LibraryModule): Promise<Contender[]> {
  const loaded = (await import(`./${module}.js`)) as { contenders: Contender[] };
  return loaded.contenders;
}
