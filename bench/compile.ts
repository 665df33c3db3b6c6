// Transpiles the bench to plain JS in bench/.build/ so each child runs on bare `node`: a TypeScript loader
// (tsx) runs its hooks on a second thread, which adds some 40 MB to every process and would blur S4's figures.
// Type-checking is `npx tsc --noEmit -p .`'s job, not this one's.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { BENCH_DIR, BUILD_DIR } from './paths.js';

const COMPILER_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  sourceMap: false,
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('.') || entry.name === 'profiles' ? [] : sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Writes bench/.build/**\/*.js and returns the compiled worker's path. */
export function compileBench(): string {
  rmSync(BUILD_DIR, { recursive: true, force: true });
  for (const file of sources(BENCH_DIR)) {
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: COMPILER_OPTIONS, fileName: file });
    const target = join(BUILD_DIR, relative(BENCH_DIR, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  // The compiled files are ES modules, wherever the build directory is.
  writeFileSync(join(BUILD_DIR, 'package.json'), '{ "type": "module" }\n');
  return join(BUILD_DIR, 'worker.js');
}
