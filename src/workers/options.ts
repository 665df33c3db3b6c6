// workers(n, module, options): every argument checked when the operator is built, with messages that name
// the option, the rule and the value, like the rest of genstage (`maxDemand must be an integer >= 1, got 0`).
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolveDemand } from '../protocol/demand.js';
import type { DemandOptions, Tracer } from '../index.js';

/**
 * Memory limits of each worker thread, as Node's `Worker` takes them. Declared here rather than imported from
 * `node:worker_threads`, so the package's types compile in projects without `@types/node`.
 */
export interface ResourceLimits {
  /** The young generation's largest size, in MB. */
  maxYoungGenerationSizeMb?: number;
  /** The main heap's largest size, in MB. */
  maxOldGenerationSizeMb?: number;
  /** The size of the memory range reserved for generated code, in MB. */
  codeRangeSizeMb?: number;
  /** The thread's largest stack, in MB. */
  stackSizeMb?: number;
}

export interface WorkersOptions extends DemandOptions {
  /** Results in input order instead of completion order (default false). */
  ordered?: boolean;
  name?: string;
  /** Move the ArrayBuffers found in events and results instead of copying them (default false: structured clone). */
  transfer?: boolean;
  /** Memory limits of each worker thread; a worker reaching them fails the pipeline. */
  resourceLimits?: ResourceLimits;
  /** Receives this stage's trace events, and each worker's. */
  trace?: Tracer;
}

export interface WorkersSettings {
  readonly n: number;
  readonly moduleUrl: string;
  /** The module is TypeScript: the worker registers tsx before importing it. */
  readonly typescript: boolean;
  readonly maxDemand: number;
  readonly minDemand: number;
  readonly ordered: boolean;
  readonly name: string | undefined;
  readonly transfer: boolean;
  readonly resourceLimits: ResourceLimits | undefined;
  readonly trace: Tracer | undefined;
}

const KEYS = ['maxDemand', 'minDemand', 'ordered', 'name', 'transfer', 'resourceLimits', 'trace'];
const LIMITS = ['maxYoungGenerationSizeMb', 'maxOldGenerationSizeMb', 'codeRangeSizeMb', 'stackSizeMb'];

export function checkWorkersOptions(n: unknown, module: unknown, options: WorkersOptions | undefined): WorkersSettings {
  if (typeof n !== 'number') throw new TypeError(`n must be an integer >= 1, got ${show(n)}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer >= 1, got ${show(n)}`);
  const { url, typescript } = checkModule(module);
  const opts = checkKeys(options, KEYS, 'workers') as WorkersOptions;
  const demand = resolveDemand({ maxDemand: opts.maxDemand, minDemand: opts.minDemand });
  return {
    n,
    moduleUrl: url,
    typescript,
    ...demand,
    ordered: checkBoolean('ordered', opts.ordered),
    name: opts.name === undefined ? undefined : checkName(opts.name),
    transfer: checkBoolean('transfer', opts.transfer),
    resourceLimits: checkLimits(opts.resourceLimits),
    trace: checkTracer(opts.trace),
  };
}

/** A URL or an absolute path to an existing module; a relative path would depend on where the process runs. */
function checkModule(module: unknown): { url: string; typescript: boolean } {
  let url: URL;
  if (module instanceof URL) url = module;
  else if (typeof module === 'string' && /^(file|data):/.test(module)) url = new URL(module);
  else if (typeof module === 'string' && isAbsolute(module)) url = pathToFileURL(module);
  else {
    const rule = 'a URL or an absolute path (for instance new URL("./worker.js", import.meta.url))';
    throw new TypeError(`module must be ${rule}, got ${show(module)}`);
  }
  if (url.protocol === 'file:' && !existsSync(fileURLToPath(url))) {
    throw new RangeError(`module must be an existing file, got ${JSON.stringify(url.href)}`);
  }
  if (url.protocol !== 'file:' && url.protocol !== 'data:') {
    throw new RangeError(`module must be a file: or data: URL, got ${JSON.stringify(url.href)}`);
  }
  return { url: url.href, typescript: url.protocol === 'file:' && /\.(c|m)?tsx?$/.test(url.pathname) };
}

function checkKeys(options: unknown, allowed: readonly string[], where: string): Record<string, unknown> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${where} options must be an object, got ${show(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new TypeError(`${where} got an unknown option ${JSON.stringify(key)}; known options: ${allowed.join(', ')}`);
    }
  }
  return options as Record<string, unknown>;
}

function checkBoolean(name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${show(value)}`);
  return value;
}

function checkName(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`name must be a non-empty string, got ${show(value)}`);
  if (value === '') throw new RangeError('name must be a non-empty string, got ""');
  return value;
}

function checkTracer(value: unknown): Tracer | undefined {
  if (value === undefined || typeof value === 'function') return value as Tracer | undefined;
  throw new TypeError(`trace must be a function, got ${show(value)}`);
}

function checkLimits(value: unknown): ResourceLimits | undefined {
  if (value === undefined) return undefined;
  const limits = checkKeys(value, LIMITS, 'resourceLimits');
  for (const key of Object.keys(limits)) {
    const limit = limits[key];
    if (typeof limit !== 'number') throw new TypeError(`resourceLimits.${key} must be a number > 0, got ${show(limit)}`);
    if (!(limit > 0) || limit === Infinity) {
      throw new RangeError(`resourceLimits.${key} must be a finite number > 0, got ${show(limit)}`);
    }
  }
  return limits as ResourceLimits;
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  const tag = (value as object).constructor?.name;
  return tag && tag !== 'Object' ? `a ${tag}` : 'an object';
}
