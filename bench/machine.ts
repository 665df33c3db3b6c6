// What the figures were measured on: the machine, Node, and the installed version of every library.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { ROOT } from './paths.js';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGB: number;
  node: string;
  platform: string;
  date: string;
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGB: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
  };
}

/** The version of an installed package, read from its package.json (some packages do not export it). */
export function installedVersion(packageName: string): string {
  return versionIn(join('node_modules', packageName, 'package.json'));
}

/** genstage's own version. */
export function ownVersion(): string {
  return versionIn('package.json');
}

function versionIn(relativePath: string): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, relativePath), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}
