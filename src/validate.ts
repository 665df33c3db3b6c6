// Every bad argument is refused here, when a stage is built, with a message that names the option,
// the rule and the value: `maxDemand must be an integer >= 1, got 0`.

/** The brand every stage carries (see stages/stage.ts), read here without importing the stage classes. */
export const STAGE_BRAND = Symbol.for('genstage.stage');

/**
 * Renders a rejected value for an error message, so that it points at the mistake: a stage by its kind and
 * name, a function by its name, an object by its class, a long string cut short.
 *
 * @example
 * show(from([1], { name: 'pages' })); // 'the from stage "pages"'
 * show(map); // 'the function map'
 */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'function') return value.name ? `the function ${value.name}` : 'an anonymous function';
  if (typeof value === 'symbol') return value.toString();
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if ((value as { [STAGE_BRAND]?: unknown })[STAGE_BRAND] === true) {
    const stage = value as { kind: string; name: string };
    return `the ${stage.kind} stage ${JSON.stringify(stage.name)}`;
  }
  const tag = (value as object).constructor?.name;
  return tag && tag !== 'Object' ? `a ${tag}` : 'an object';
}

function fail(isType: boolean, name: string, rule: string, value: unknown, hint = ''): never {
  const message = `${name} must be ${rule}, got ${show(value)}${hint}`;
  throw isType ? new TypeError(message) : new RangeError(message);
}

/** An options object (or undefined) whose keys are all known. */
export function checkOptions<O extends object>(
  options: O | undefined,
  allowed: readonly string[],
  where: string,
): Partial<O> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options) || STAGE_BRAND in options) {
    fail(true, `${where} options`, 'an object', options);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new TypeError(`${where} got an unknown option ${JSON.stringify(key)}; known options: ${allowed.join(', ')}`);
    }
  }
  return options;
}

/** An integer >= min (and <= max); `Infinity` only when `infinite` is set. */
export function checkInteger(
  name: string,
  value: unknown,
  min: number,
  options: { max?: number; infinite?: boolean; rule?: string } = {},
): number {
  const rule = options.rule ?? `an integer >= ${min}${options.infinite ? ' or Infinity' : ''}`;
  if (typeof value !== 'number') fail(true, name, rule, value);
  if (value === Infinity && options.infinite) return value;
  if (!Number.isInteger(value) || value < min || (options.max !== undefined && value > options.max)) {
    fail(false, name, rule, value);
  }
  return value;
}

/** A non-negative finite number (a duration); `Infinity` too when `infinite` is set (no limit). */
export function checkDuration(name: string, value: unknown, options: { infinite?: boolean } = {}): number {
  const rule = options.infinite ? 'a number >= 0 or Infinity' : 'a number >= 0';
  if (typeof value !== 'number') fail(true, name, rule, value);
  if (!(value >= 0) || (value === Infinity && !options.infinite)) fail(false, name, options.infinite ? rule : 'a finite number >= 0', value);
  return value;
}

export function checkBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') fail(true, name, 'a boolean', value);
  return value;
}

export function checkFunction<F extends Function>(name: string, value: unknown): F {
  if (typeof value !== 'function') fail(true, name, 'a function', value);
  return value as F;
}

export function checkOptionalFunction<F extends Function>(name: string, value: unknown): F | undefined {
  return value === undefined ? undefined : checkFunction<F>(name, value);
}

export function checkOneOf<V extends string>(name: string, value: unknown, choices: readonly V[]): V {
  if (!choices.includes(value as V)) {
    const rule = `one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`;
    fail(typeof value !== 'string', name, rule, value);
  }
  return value as V;
}

export function checkName(value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value === '') fail(typeof value !== 'string', 'name', 'a non-empty string', value);
  return value;
}

export function checkSignal(value: unknown): AbortSignal | undefined {
  if (value === undefined) return undefined;
  if (typeof AbortSignal === 'undefined' || !(value instanceof AbortSignal)) fail(true, 'signal', 'an AbortSignal', value);
  return value;
}

/** A value `await` would wait for: a promise or any thenable. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  );
}

export function isIterable(value: unknown): value is Iterable<unknown> {
  return value != null && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function';
}

export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return value != null && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

/** A `Source`: any Iterable or AsyncIterable (strings excepted: a string source is almost always a mistake). */
export function checkSource(name: string, value: unknown): void {
  if (typeof value === 'function') fail(true, name, 'an Iterable or AsyncIterable', value, sourceHint(value));
  if (typeof value === 'string' || (!isIterable(value) && !isAsyncIterable(value) && !isReadableStream(value))) {
    fail(true, name, 'an Iterable or AsyncIterable', value);
  }
}

// A function where a source belongs: a generator function not called yet, or an operator without its source.
function sourceHint(fn: Function): string {
  const kind = fn.constructor?.name;
  if (kind === 'GeneratorFunction' || kind === 'AsyncGeneratorFunction') {
    return `: call the generator function to get its iterator, as from(${fn.name || 'generator'}())`;
  }
  return ': an operator reads from a source; give it one, as pipe(source, operator)';
}

export function isReadableStream(value: unknown): value is ReadableStream<unknown> {
  return value != null && typeof (value as ReadableStream).getReader === 'function';
}

let counter = 0;
/** A default stage name: `kind-N`. */
export function defaultName(kind: string): string {
  return `${kind}-${++counter}`;
}
