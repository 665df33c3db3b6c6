// Where things are, the same whether this file runs from bench/ (tsx) or from bench/.build/ (compiled).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

function isProjectRoot(dir: string): boolean {
  const manifest = join(dir, 'package.json');
  return existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'genstage';
}

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!isProjectRoot(dir)) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('the bench must run inside the genstage project');
    dir = parent;
  }
  return dir;
}

export const ROOT = findRoot();
export const BENCH_DIR = join(ROOT, 'bench');
/** The bench compiled to plain JS, which the child processes run. */
export const BUILD_DIR = join(BENCH_DIR, '.build');

/** Set in a child measuring another build of genstage (`--baseline=<dir>`): that build's dist/ directory. */
export const BASELINE_DIST_ENV = 'GENSTAGE_BENCH_DIST';

/** A file of the built package (`npm run bench` runs tsup first, a baseline child reads another build), as an import URL. */
export function distUrl(file: string): URL {
  return pathToFileURL(join(process.env[BASELINE_DIST_ENV] ?? join(ROOT, 'dist'), file));
}
