// Writes, into a consumer project with genstage installed, one file importing every entry point the
// installed package.json exports, as CommonJS and as ESM, and a tsconfig per moduleResolution mode. Each
// import must resolve (no TS2307) and bring real types: `any` in their place fails the compile too.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const project = process.argv[2];
const pkg = JSON.parse(readFileSync(join(project, 'node_modules/genstage/package.json'), 'utf8'));
const entries = Object.keys(pkg.exports)
  .filter((key) => key !== './package.json')
  .map((key) => `genstage${key.slice(1)}`);

const source = [
  'type IsAny<T> = 0 extends 1 & T ? true : false;',
  ...entries.flatMap((entry, i) => [
    `import * as entry${i} from '${entry}';`,
    `export const notAny${i}: IsAny<typeof entry${i}> = false;`,
  ]),
  "import { from, pipe, toArray } from 'genstage';",
  "import { map } from 'genstage/operators';",
  'export const doubled: Promise<number[]> = toArray(pipe(from([1, 2]), map((x: number) => x * 2)));',
  '',
].join('\n');

// node10 is what TypeScript picks for `"module": "commonjs"`; node16 reads the file extension for the format.
writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
writeFileSync(join(project, 'index.ts'), source);
writeFileSync(join(project, 'require.cts'), source);
writeFileSync(join(project, 'import.mts'), source);
const base = { strict: true, noEmit: true, skipLibCheck: false, types: [], lib: ['es2022', 'dom'], target: 'es2022' };
const configs = {
  node10: { module: 'commonjs', moduleResolution: 'node10', files: ['index.ts'] },
  node16: { module: 'node16', moduleResolution: 'node16', files: ['require.cts', 'import.mts'] },
  bundler: { module: 'esnext', moduleResolution: 'bundler', files: ['index.ts'] },
};
for (const [mode, { files, ...options }] of Object.entries(configs)) {
  const config = { compilerOptions: { ...base, ...options }, files };
  writeFileSync(join(project, `tsconfig.${mode}.json`), JSON.stringify(config, null, 2));
}
