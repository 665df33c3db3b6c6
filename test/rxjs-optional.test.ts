// rxjs is an optional peer dependency: only the genstage/rxjs entry point (src/rxjs/) may import it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const root = join(import.meta.dirname, '..');
const IMPORTS_RXJS = /\bfrom\s*['"]rxjs(?:\/[^'"]*)?['"]|\b(?:import|require)\s*\(\s*['"]rxjs(?:\/[^'"]*)?['"]\s*\)|^\s*import\s*['"]rxjs/m;

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.[cm]?[jt]s$/.test(entry) ? [path] : [];
  });
}

afterEach(() => {
  vi.doUnmock('rxjs');
  vi.resetModules();
});

describe('the core without rxjs', () => {
  it('no file of the core (src/ outside src/rxjs/, operators/) imports rxjs', () => {
    const core = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'operators'))]
      .map((path) => relative(root, path).split('\\').join('/'))
      .filter((path) => !path.startsWith('src/rxjs/'));
    expect(core).toContain('src/index.ts');
    const offenders = core.filter((path) => IMPORTS_RXJS.test(readFileSync(join(root, path), 'utf8')));
    expect(offenders).toEqual([]);
    // The check does see an import when there is one.
    expect(IMPORTS_RXJS.test(readFileSync(join(root, 'src/rxjs/to-observable.ts'), 'utf8'))).toBe(true);
  });

  it('loads and runs a pipeline where rxjs cannot be resolved', async () => {
    vi.resetModules();
    vi.doMock('rxjs', () => {
      throw new Error('rxjs not installed');
    });
    const genstage = await import('../src/index.js');
    const doubled = genstage.pipe([1, 2, 3], genstage.producerConsumer((xs: number[]) => xs.map((x) => x * 2)));
    expect(await genstage.toArray(doubled)).toEqual([2, 4, 6]);
    // The bridge, by contrast, does need rxjs: the mock is in force.
    await expect(import('../src/rxjs/index.js')).rejects.toMatchObject({ cause: { message: 'rxjs not installed' } });
  });
});
