// Every `@example` in the JSDoc of src/ and operators/ type-checks against the real API, and each
// self-contained one runs, its value comments checked (see jsdoc-examples.ts): the docs cannot drift.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { analyse, collectExamples, CONTEXT, withAssertions, type Example } from './jsdoc-examples.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRIES: Record<string, string> = {
  genstage: 'src/index.ts',
  'genstage/operators': 'operators/index.ts',
  'genstage/rxjs': 'src/rxjs/index.ts',
  'genstage/redis': 'src/redis/index.ts',
  'genstage/workers': 'src/workers/index.ts',
};
/** Examples that are not programs: type-checked and run, they would only fail. */
const FRAGMENTS: Record<string, string> = {
  'operators/operate.ts': "a line of batch.ts's operator function, shown in place",
};
/** Examples that type-check but cannot be run to an end the test could wait for. */
const NOT_RUN: Record<string, string> = {
  'src/rxjs/to-observable.ts': 'subscribes and returns: nothing tells when its logging is over',
  'src/rxjs/to-rx-operator.ts': 'subscribes and returns: nothing tells when its logging is over',
  'src/redis/acknowledge.ts': 'reads a Redis stream until stopped: the Redis tests run these wrappers on a real server',
};

const examples = collectExamples(root, ['src', 'operators']);
const modules = new Map<string, Record<string, unknown>>();
let diagnostics: Map<string, string[]>;

/** The names an example gets without importing them: its own file's exports, then the operators', then genstage's. */
function prelude(example: Example, declared: Set<string>): string {
  const lines: string[] = [];
  const taken = new Set(declared);
  const own = join(root, example.file).replace(/\.ts$/, '.js');
  for (const specifier of [own, 'genstage/operators', 'genstage']) {
    const names = Object.keys(modules.get(specifier) ?? {}).filter((name) => !taken.has(name));
    names.forEach((name) => taken.add(name));
    if (names.length > 0) lines.push(`import { ${names.join(', ')} } from '${specifier}';`);
  }
  return lines.join('\n');
}

function moduleText(example: Example, forRun: boolean): string {
  const { declared, usesContext } = analyse(example.code);
  const body = forRun ? withAssertions(example.code) : example.code;
  const expectDecl = forRun ? '' : 'declare const __expect: typeof import("vitest").expect;\n';
  // The example's own imports go first (hoisted anyway); the prelude fills in what it did not import.
  return `${prelude(example, declared)}\n${usesContext ? CONTEXT : ''}\n${expectDecl}${body}\nexport {};\n`;
}

function virtualPath(i: number): string {
  return join(root, 'test', `__example_${i}__.ts`);
}

function typeCheck(): Map<string, string[]> {
  const files = new Map(examples.map((example, i) => [virtualPath(i), moduleText(example, false)]));
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
    baseUrl: root,
    paths: Object.fromEntries(Object.entries(ENTRIES).map(([name, path]) => [name, [path]])),
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.readFile = (name) => files.get(name) ?? readFile.call(host, name);
  host.getSourceFile = (name, version, ...rest) => {
    const text = files.get(name);
    return text === undefined ? getSourceFile.call(host, name, version, ...rest) : ts.createSourceFile(name, text, version);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  const result = new Map<string, string[]>();
  examples.forEach((example, i) => {
    const file = program.getSourceFile(virtualPath(i))!;
    const found = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
    result.set(example.where, found.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')));
  });
  return result;
}

async function run(example: Example): Promise<void> {
  const { imports } = analyse(example.code);
  for (const specifier of imports) if (!modules.has(specifier)) modules.set(specifier, await import(specifier));
  const js = ts.transpileModule(moduleText(example, true), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const require = (specifier: string) => {
    const found = modules.get(specifier);
    if (found === undefined) throw new Error(`the example imports ${specifier}, which the test did not load`);
    return found;
  };
  const AsyncFunction = (async () => undefined).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<void>;
  await new AsyncFunction('require', 'exports', '__expect', js)(require, {}, expect);
}

beforeAll(async () => {
  for (const [name, path] of Object.entries(ENTRIES)) modules.set(name, await import(join(root, path)));
  for (const example of examples) {
    const own = join(root, example.file).replace(/\.ts$/, '.js');
    if (!modules.has(own)) modules.set(own, await import(join(root, example.file)));
  }
  diagnostics = typeCheck();
}, 60_000);

describe('the JSDoc examples', () => {
  it('are found', () => {
    expect(examples.length).toBeGreaterThan(40);
  });

  for (const example of examples) {
    const title = `${example.where} (${example.symbol})`;
    const fragment = FRAGMENTS[example.file];
    if (fragment !== undefined) {
      it.skip(`${title}: ${fragment}`, () => undefined);
      continue;
    }
    it(`${title} type-checks`, () => {
      expect(diagnostics.get(example.where)).toEqual([]);
    });
    const reason = NOT_RUN[example.file] ?? (analyse(example.code).usesContext ? 'uses names of its reader' : undefined);
    if (reason !== undefined) continue;
    it(`${title} runs, with the values its comments show`, async () => {
      vi.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        await run(example);
      } finally {
        vi.mocked(console.log).mockRestore();
      }
    });
  }
});
