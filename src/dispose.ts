// `await using`: the key a disposable object's cleanup lives under. Runtimes without explicit resource
// management (older Node releases and browsers) lack Symbol.asyncDispose; there the registered symbol
// stands in, and a program polyfills the same key with `Symbol.asyncDispose ??= Symbol.for('Symbol.asyncDispose')`.

declare global {
  // The same declaration as TypeScript's lib.esnext.disposable and @types/node, so that the published types
  // compile in projects whose `lib` predates it.
  interface SymbolConstructor {
    readonly asyncDispose: unique symbol;
  }
}

export const asyncDispose: typeof Symbol.asyncDispose =
  Symbol.asyncDispose ?? (Symbol.for('Symbol.asyncDispose') as typeof Symbol.asyncDispose);
