// workers(n, module, options): every argument checked when the operator is built, with messages that name
// the option, the rule and the value, like the rest of genstage (`maxDemand must be an integer >= 1, got 0`).
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolveDemand } from '../protocol/demand.js';
import type { DemandOptions, Tracer } from '../index.js';
import { checkBoolean, checkInteger, checkName, checkOptionalFunction, checkOptions, show } from '../validate.js';

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
  const threads = checkInteger('n', n, 1);
  const { url, typescript } = checkModule(module);
  const opts = checkOptions(options, KEYS, 'workers');
  const demand = resolveDemand({ maxDemand: opts.maxDemand, minDemand: opts.minDemand });
  return {
    n: threads,
    moduleUrl: url,
    typescript,
    ...demand,
    ordered: opts.ordered === undefined ? false : checkBoolean('ordered', opts.ordered),
    // The stage names itself (workers-<i>) when no name is given.
    name: opts.name === undefined ? undefined : checkName(opts.name, ''),
    transfer: opts.transfer === undefined ? false : checkBoolean('transfer', opts.transfer),
    resourceLimits: checkLimits(opts.resourceLimits),
    trace: checkOptionalFunction<Tracer>('trace', opts.trace),
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

function checkLimits(value: unknown): ResourceLimits | undefined {
  if (value === undefined) return undefined;
  const limits = checkOptions(value as Record<string, unknown>, LIMITS, 'resourceLimits') as Record<string, unknown>;
  for (const key of Object.keys(limits)) {
    const limit = limits[key];
    if (typeof limit !== 'number') throw new TypeError(`resourceLimits.${key} must be a number > 0, got ${show(limit)}`);
    if (!(limit > 0) || limit === Infinity) {
      throw new RangeError(`resourceLimits.${key} must be a finite number > 0, got ${show(limit)}`);
    }
  }
  return limits as ResourceLimits;
}

