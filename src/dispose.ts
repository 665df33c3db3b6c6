// `await using`: the key a disposable object's cleanup lives under. Runtimes without explicit resource
// management (older Node releases and browsers) lack Symbol.asyncDispose; there the registered symbol
// stands in, and a program polyfills the same key with `Symbol.asyncDispose ??= Symbol.for('Symbol.asyncDispose')`.

export const asyncDispose: typeof Symbol.asyncDispose =
  Symbol.asyncDispose ?? (Symbol.for('Symbol.asyncDispose') as typeof Symbol.asyncDispose);
