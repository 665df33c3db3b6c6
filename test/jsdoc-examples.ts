// The `@example` blocks of the JSDoc in src/ and operators/, made into modules that tsc can check and the
// tests can run, so the documentation cannot drift from the code. A statement ending in a comment that is a
// plain value (`await toArray(…); // [2, 4, 6]`, `const sum = …; // 6`, `console.log(x); // 36`) becomes an
// assertion of that value; `// rejects with a TimeoutError …` becomes an assertion of the rejection.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface Example {
  /** Where it is, as `src/stages/merge.ts:31`, and the declaration it documents. */
  where: string;
  symbol: string;
  file: string;
  code: string;
}

/** Names the examples use as their reader's own (a producer of pages, a scraper, …): declared, not defined. */
export const CONTEXT = `
declare const pages: import('genstage').Producer<string>;
declare const urls: string[];
declare const pipeline: import('genstage').Stage<unknown>;
declare function fetchPage(url: string): Promise<string>;
declare function scrape(page: string): Promise<string>;
declare function isOnline(page: string): boolean;
declare function filterOnline(pages: string[]): string[];
`;
export const CONTEXT_NAMES = ['pages', 'urls', 'pipeline', 'fetchPage', 'scrape', 'isOnline', 'filterOnline'];

export function collectExamples(root: string, dirs: string[]): Example[] {
  const examples: Example[] = [];
  for (const dir of dirs) {
    for (const path of tsFiles(join(root, dir))) examples.push(...examplesIn(path, relative(root, path)));
  }
  return examples;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function examplesIn(path: string, file: string): Example[] {
  const text = readFileSync(path, 'utf8');
  const examples: Example[] = [];
  for (const match of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
    const lines = match[1]!.split('\n').map((line) => line.replace(/^\s*\* ?/, ''));
    const after = text.slice(match.index! + match[0].length);
    const symbol = /^\s*(?:export\s+)?(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\*?|class|const|let|interface|type)\s+([\w$]+)/.exec(after)?.[1] ?? '?';
    const startLine = text.slice(0, match.index).split('\n').length;
    lines.forEach((line, i) => {
      if (!/^@example\b/.test(line)) return;
      const end = lines.findIndex((next, j) => j > i && /^@\w/.test(next));
      const body = lines.slice(i + 1, end < 0 ? undefined : end);
      while (body.length > 0 && body[body.length - 1]!.trim() === '') body.pop();
      examples.push({ where: `${file}:${startLine + i}`, symbol, file, code: body.join('\n') });
    });
  }
  return examples;
}

/** What the example's top level declares and imports, and whether it uses the reader's context names. */
export function analyse(code: string): { declared: Set<string>; imports: string[]; usesContext: boolean; syntaxErrors: number } {
  const source = ts.createSourceFile('example.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const declared = new Set<string>();
  const imports: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      imports.push((statement.moduleSpecifier as ts.StringLiteral).text);
      const bindings = statement.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) declared.add(el.name.text);
      if (bindings && ts.isNamespaceImport(bindings)) declared.add(bindings.name.text);
    } else if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) collectBindingNames(decl.name, declared);
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
      declared.add(statement.name.text);
    }
  }
  const used = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) used.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  const usesContext = CONTEXT_NAMES.some((name) => used.has(name) && !declared.has(name));
  const syntaxErrors = (source as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length;
  return { declared, imports, usesContext, syntaxErrors };
}

function collectBindingNames(name: ts.BindingName, into: Set<string>): void {
  if (ts.isIdentifier(name)) into.add(name.text);
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) collectBindingNames(element.name, into);
}

/** The example with its value comments turned into assertions (`__expect` is vitest's expect). */
export function withAssertions(code: string): string {
  return code
    .split('\n')
    .map((line) => {
      const m = /^(\s*)(.*?);\s*\/\/\s*(.*)$/.exec(line);
      if (m === null || /\/\//.test(m[2]!) || !balanced(m[2]!)) return line;
      const [, indent, statement, comment] = m as unknown as [string, string, string, string];
      const rejection = /^rejects with an? (\w+)/.exec(comment);
      if (rejection) return `${indent}await __expect(${unAwait(statement)}).rejects.toHaveProperty('name', '${rejection[1]}');`;
      const value = [comment, comment.split('; ').pop()!].find(isPlainValue);
      if (value === undefined) return line;
      const declared = /^(?:const|let)\s+([\w$]+)\s*=/.exec(statement);
      if (declared) return `${line}\n${indent}__expect(${declared[1]}).toEqual(${value});`;
      const logged = /^console\.log\((.*)\)$/.exec(statement);
      const subject = logged && isSingleExpression(logged[1]!) ? logged[1]! : logged ? null : statement;
      return subject === null ? line : `${indent}__expect(${subject}).toEqual(${value});`;
    })
    .join('\n');
}

function unAwait(statement: string): string {
  return statement.replace(/^await\s+/, '');
}

/** Brackets and quotes balanced: the statement is whole on its line. */
function balanced(text: string): boolean {
  const source = ts.createSourceFile('line.ts', text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  return (source as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length === 0 && source.statements.length === 1;
}

function isSingleExpression(text: string): boolean {
  const expression = parseExpression(text);
  return expression !== null && !(ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.CommaToken);
}

function parseExpression(text: string): ts.Expression | null {
  const source = ts.createSourceFile('value.ts', `(${text});`, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  if ((source as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length > 0) return null;
  const statement = source.statements[0];
  if (source.statements.length !== 1 || !statement || !ts.isExpressionStatement(statement)) return null;
  const expression = statement.expression;
  return ts.isParenthesizedExpression(expression) ? expression.expression : null;
}

/** A literal value: numbers, strings, booleans, null, and arrays and objects of them. */
function isPlainValue(text: string): boolean {
  const expression = parseExpression(text);
  return expression !== null && plain(expression);
}

function plain(node: ts.Node): boolean {
  if (ts.isNumericLiteral(node) || ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return true;
  if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword || node.kind === ts.SyntaxKind.NullKeyword) return true;
  if (ts.isPrefixUnaryExpression(node)) return node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand);
  if (ts.isArrayLiteralExpression(node)) return node.elements.every(plain);
  if (ts.isObjectLiteralExpression(node)) {
    return node.properties.every((p) => ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && plain(p.initializer));
  }
  return false;
}
